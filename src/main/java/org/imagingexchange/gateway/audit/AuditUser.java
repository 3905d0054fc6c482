// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.List;

/**
 * The human requestor of a transaction as a verified XUA assertion names it (ITI TF-2 3.40.4.2):
 * the XUA validation builds one from the assertion it accepted and hands it to the audit.
 *
 * @param nameId         content of Subject/NameID (required)
 * @param spProvidedId   Subject/NameID@SPProvidedID, the optional alias, or null
 * @param issuer         the assertion's Issuer (the X-Assertion Provider)
 * @param subjectId      XSPA subject-id: the user's name in plain text, or null
 * @param organization   XSPA organization, or null
 * @param organizationId XSPA organization-id, or null
 * @param homeCommunityId the initiating community of the assertion, or null
 * @param roles          XSPA roles (subject:role), possibly empty
 * @param purposesOfUse  XSPA purposes of use, possibly empty
 * @param assertionId    the assertion's ID attribute, or null
 */
public record AuditUser(String nameId, String spProvidedId, String issuer, String subjectId,
                        String organization, String organizationId, String homeCommunityId,
                        List<Code> roles, List<Code> purposesOfUse, String assertionId) {
    public AuditUser {
        if (nameId == null || nameId.isBlank()) {
            throw new IllegalArgumentException("an XUA user needs the assertion's NameID");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
        purposesOfUse = purposesOfUse == null ? List.of() : List.copyOf(purposesOfUse);
    }

    /**
     * {@code alias<user@issuer>}: the ActiveParticipant UserName (and UserID) of the human
     * requestor that ITI TF-2 3.40.4.2 (ITI40-050) prescribes.
     */
    public String atnaUserName() {
        return (spProvidedId == null ? "" : spProvidedId) + "<" + nameId + "@" + (issuer == null ? "" : issuer) + ">";
    }
}
