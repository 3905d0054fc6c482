// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One stored audit record as {@code GET /api/audit} lists it. {@code xml} is the DICOM
 * AuditMessage and is only filled when asked for; {@code sentAt} is null while the record waits
 * for the Audit Record Repository.
 */
public record AuditRecordView(long id, Instant time, Instant recordedAt, String eventId, String eventName,
                              String eventType, String action, int outcome, String transaction, String partner,
                              String remoteAddress, List<String> patientIds, User user, String description,
                              Instant sentAt, String xml) {

    /** The XUA user of the record: ATNA user id ({@code alias<user@issuer>}), subject-id, organization. */
    public record User(String id, String name, String organization, List<String> roles, List<String> purposesOfUse,
                       String assertionId) {}

    static AuditRecordView of(AuditRecordEntity e, boolean withXml) {
        User user = e.getUserId() == null ? null : new User(e.getUserId(), e.getUserName(), e.getUserOrganization(),
                split(e.getUserRoles()), split(e.getPurposeOfUse()), e.getAssertionId());
        return new AuditRecordView(e.getId(), e.getEventTime(), e.getRecordedAt(), e.getEventId(), e.getEventName(),
                e.getEventType(), e.getEventAction(), e.getOutcome(), e.getTransactionCode(), e.getPartner(),
                e.getRemoteAddress(), split(e.getPatientIds()), user, e.getDescription(), e.getSentAt(),
                withXml ? e.getXml() : null);
    }

    private static List<String> split(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(joined.split("\\|")).filter(s -> !s.isEmpty()).toList();
    }
}
