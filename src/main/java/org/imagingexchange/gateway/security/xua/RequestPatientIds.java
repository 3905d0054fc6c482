// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;

/**
 * The patient ids a request names, for the resource-id rule of the access policy: the patient
 * slots of a stored query (ITI-18, ITI-38). Retrieve requests name documents, not patients, and
 * yield none (the service checks what it returns).
 */
final class RequestPatientIds {
    private static final Set<String> PATIENT_SLOTS = Set.of("$XDSDocumentEntryPatientId",
            "$XDSSubmissionSetPatientId", "$XDSFolderPatientId", "$patientId");

    private RequestPatientIds() {}

    /** A stored-query value is quoted ('id^^^&amp;oid&amp;ISO'); the id is what is between the quotes. */
    private static String unquote(String value) {
        String v = value == null ? "" : value.strip();
        return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }

    static List<String> of(List<?> parameters) {
        List<String> ids = new ArrayList<>();
        for (Object p : parameters) {
            if (p instanceof AdhocQueryRequest q && q.getAdhocQuery() != null) {
                for (SlotType1 slot : q.getAdhocQuery().getSlot()) {
                    if (PATIENT_SLOTS.contains(slot.getName()) && slot.getValueList() != null) {
                        slot.getValueList().getValue().forEach(v -> ids.add(unquote(v)));
                    }
                }
            }
        }
        return ids;
    }
}
