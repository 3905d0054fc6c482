// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import java.time.Instant;

/**
 * A local patient's id in one partner community: {@code partnerPatientId} issued by
 * {@code partnerAssigningAuthority} (an OID), known to the community {@code homeCommunityId}.
 */
public record Link(String localPatientId, String homeCommunityId, String partnerPatientId,
                   String partnerAssigningAuthority, LinkSource source, Instant created, Instant updated) {

    /** The partner's id in CX form, {@code id^^^&oid&ISO}, as XDS metadata and queries carry it. */
    public String partnerCx() {
        return partnerPatientId + "^^^&" + partnerAssigningAuthority + "&ISO";
    }
}
