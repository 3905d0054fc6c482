// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stored ATNA audit message (table {@code audit_record}, V6__audit.sql). It exists so that no
 * audit record is ever lost: a record is committed here before anything is sent, and the sender
 * takes unsent rows in id order and stamps {@code sent_at} once the collector has them. It is
 * also what {@code GET /api/audit} searches.
 */
@Entity
@Table(name = "audit_record")
public class AuditRecordEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "event_time", nullable = false)
    private Instant eventTime;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    @Column(name = "event_id", nullable = false, length = 16)
    private String eventId;

    @Column(name = "event_name", nullable = false, length = 64)
    private String eventName;

    @Column(name = "event_type", length = 32)
    private String eventType;

    @Column(name = "event_action", nullable = false, length = 1)
    private String eventAction;

    @Column(name = "outcome", nullable = false)
    private int outcome;

    @Column(name = "transaction_code", nullable = false, length = 32)
    private String transactionCode;

    @Column(name = "partner", length = 256)
    private String partner;

    @Column(name = "remote_address", length = 256)
    private String remoteAddress;

    @Column(name = "patient_ids", length = 2048)
    private String patientIds;

    @Column(name = "user_id", length = 512)
    private String userId;

    @Column(name = "user_name", length = 256)
    private String userName;

    @Column(name = "user_organization", length = 512)
    private String userOrganization;

    @Column(name = "user_roles", length = 1024)
    private String userRoles;

    @Column(name = "purpose_of_use", length = 1024)
    private String purposeOfUse;

    @Column(name = "assertion_id", length = 256)
    private String assertionId;

    @Column(name = "description", length = 1024)
    private String description;

    @Column(name = "xml", nullable = false)
    private String xml;

    @Column(name = "sent_at")
    private Instant sentAt;

    protected AuditRecordEntity() {}

    AuditRecordEntity(AuditRecord r, Instant recordedAt) {
        this.eventTime = r.time();
        this.recordedAt = recordedAt;
        this.eventId = r.eventId();
        this.eventName = cut(r.eventName(), 64);
        this.eventType = cut(r.eventType(), 32);
        this.eventAction = r.action();
        this.outcome = r.outcome();
        this.transactionCode = r.transaction();
        this.partner = cut(r.partner(), 256);
        this.remoteAddress = cut(r.remoteAddress(), 256);
        this.patientIds = r.patientIds().isEmpty() ? null : cut(joinPatients(r.patientIds()), 2048);
        AuditUser u = r.user();
        if (u != null) {
            this.userId = cut(u.atnaUserName(), 512);
            this.userName = cut(u.subjectId(), 256);
            this.userOrganization = cut(organization(u), 512);
            this.userRoles = cut(u.roles().stream().map(Code::render).collect(Collectors.joining("|")), 1024);
            this.purposeOfUse = cut(u.purposesOfUse().stream().map(Code::render).collect(Collectors.joining("|")), 1024);
            this.assertionId = cut(u.assertionId(), 256);
        }
        this.description = cut(r.description(), 1024);
        this.xml = r.xml();
    }

    static String joinPatients(List<String> patientIds) {
        return "|" + String.join("|", patientIds) + "|";
    }

    private static String organization(AuditUser u) {
        if (u.organization() == null) {
            return u.organizationId();
        }
        return u.organizationId() == null ? u.organization() : u.organization() + " (" + u.organizationId() + ")";
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public Long getId() { return id; }
    public Instant getEventTime() { return eventTime; }
    public Instant getRecordedAt() { return recordedAt; }
    public String getEventId() { return eventId; }
    public String getEventName() { return eventName; }
    public String getEventType() { return eventType; }
    public String getEventAction() { return eventAction; }
    public int getOutcome() { return outcome; }
    public String getTransactionCode() { return transactionCode; }
    public String getPartner() { return partner; }
    public String getRemoteAddress() { return remoteAddress; }
    public String getPatientIds() { return patientIds; }
    public String getUserId() { return userId; }
    public String getUserName() { return userName; }
    public String getUserOrganization() { return userOrganization; }
    public String getUserRoles() { return userRoles; }
    public String getPurposeOfUse() { return purposeOfUse; }
    public String getAssertionId() { return assertionId; }
    public String getDescription() { return description; }
    public String getXml() { return xml; }
    public Instant getSentAt() { return sentAt; }

    void markSent(Instant when) {
        this.sentAt = when;
    }
}
