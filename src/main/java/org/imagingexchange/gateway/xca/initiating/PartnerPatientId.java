// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.Objects;

/**
 * The identifier one partner community knows a local patient by (XCA: the initiating gateway
 * queries each Responding Gateway with the patient id of that community, ITI TF-2 3.38.4.1.2.1).
 *
 * @param homeCommunityId    the partner community, {@code urn:oid:...}
 * @param patientId          the id part of the partner's patient identifier
 * @param assigningAuthority the OID of the partner's assigning authority
 */
public record PartnerPatientId(String homeCommunityId, String patientId, String assigningAuthority) {
    public PartnerPatientId {
        Objects.requireNonNull(homeCommunityId, "homeCommunityId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(assigningAuthority, "assigningAuthority");
    }
}
