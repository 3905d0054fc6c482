// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One DICOM audit message ready to be stored and sent, with the fields the audit table indexes
 * beside its XML.
 *
 * @param eventId     EventID code (110112 ...)
 * @param eventName   EventID display name (Query ...)
 * @param eventType   EventTypeCode code (ITI-18, 110126 ...), or null
 * @param action      EventActionCode (C, R, U, D, E)
 * @param outcome     EventOutcomeIndicator (0, 4, 8, 12)
 * @param transaction the transaction code, or {@code SECURITY-ALERT} / {@code APPLICATION}
 * @param xml         the AuditMessage, serialized without an XML declaration
 */
record AuditRecord(Instant time, String eventId, String eventName, String eventType, String action, int outcome,
                   String transaction, String partner, String remoteAddress, List<String> patientIds,
                   AuditUser user, String description, String xml) {
}
