// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;

/**
 * The user behind a request, as established by a verified XUA assertion (ITI-40): every field
 * comes from the assertion object whose signature was checked. {@link #getName()} is the SAML
 * NameID; {@code subjectId} is the XSPA subject-id (a person's name). For ATNA the user is
 * {@code alias<nameId@issuer>} (BRIEF section 7).
 *
 * <p>Endpoints get it from the CXF exchange: {@code exchange.get(XuaPrincipal.class)}.
 */
public record XuaPrincipal(
        String nameId,
        String spProvidedId,
        String subjectId,
        List<String> organizations,
        List<String> organizationIds,
        String homeCommunityId,
        List<CodedValue> roles,
        List<CodedValue> purposesOfUse,
        String resourceId,
        String issuer,
        String assertionId,
        Instant assertionExpires,
        SubjectConfirmationMethod confirmation,
        String messageId,
        Partner partner) implements Principal {

    public XuaPrincipal {
        organizations = List.copyOf(organizations);
        organizationIds = List.copyOf(organizationIds);
        roles = List.copyOf(roles);
        purposesOfUse = List.copyOf(purposesOfUse);
    }

    @Override
    public String getName() {
        return nameId;
    }

    /** ATNA ActiveParticipant@UserName: {@code alias<user@issuer>} or {@code <user@issuer>}. */
    public String auditUserName() {
        return (spProvidedId != null ? spProvidedId : "") + "<" + nameId + "@" + issuer + ">";
    }

    @Override
    public String toString() {
        return "XuaPrincipal[" + auditUserName() + " partner=" + partner.name() + " roles=" + roles
                + " purposes=" + purposesOfUse + "]";
    }
}
