// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.List;

/**
 * Which partner communities know a local patient, and by which id: the initiating side asks
 * only these partners (a partner with no link is not asked at all). Backed by the patient
 * cross-reference in the running gateway; tests give it a map.
 */
@FunctionalInterface
public interface PartnerPatientIds {
    /** No partner knows anybody. */
    PartnerPatientIds NONE = localPatientId -> List.of();

    /**
     * @param localPatientId the id part of the local patient identifier (its assigning authority
     *                       is this gateway's {@code GATEWAY_PATIENT_ID_ISSUER})
     */
    List<PartnerPatientId> forLocalPatient(String localPatientId);
}
