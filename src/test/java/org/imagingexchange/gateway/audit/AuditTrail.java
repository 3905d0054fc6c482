// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.List;
import org.imagingexchange.gateway.xds.registry.TestDatabases;

/**
 * The production audit service on a fresh embedded H2 database, for tests outside the audit
 * package that must show a rejected request left its ATNA record: what {@code GET /api/audit}
 * would list, as DICOM audit messages built by {@link AuditMessages}.
 *
 * <pre>
 * try (AuditTrail trail = AuditTrail.start()) {
 *     ... code under test given trail.auditor() ...
 *     trail.securityAlerts(partnerHcid)   // newest first
 * }
 * </pre>
 */
public final class AuditTrail implements AutoCloseable {
    private final TestDatabases.Handle database;
    private final AuditService service;

    private AuditTrail(TestDatabases.Handle database, AuditService service) {
        this.database = database;
        this.service = service;
    }

    public static AuditTrail start() {
        TestDatabases.Handle db = TestDatabases.h2();
        try {
            return new AuditTrail(db, AuditService.start(db.db(),
                    AuditSettings.localOnly("GATEWAY", "urn:oid:1.3.6.1.4.1.21367.2026.99.1")));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Auditor auditor() {
        return service;
    }

    /** The service itself, e.g. for {@link AuditHooks#install}. */
    public AuditService service() {
        return service;
    }

    /** The id of the newest stored Security Alert, 0 when there is none: a mark for {@link #alertsAfter}. */
    public long lastAlertId() {
        List<AuditRecordView> all = securityAlerts(null);
        return all.isEmpty() ? 0 : all.get(0).id();
    }

    /** The Security Alerts stored after {@code mark}, oldest first. */
    public List<AuditRecordView> alertsAfter(long mark) {
        return securityAlerts(null).stream().filter(r -> r.id() > mark)
                .sorted(java.util.Comparator.comparingLong(AuditRecordView::id)).toList();
    }

    /** The EventTypeCode (DCM code) an alert of this type is recorded with. */
    public static String code(SecurityAlert.Type type) {
        return type.code().getCode();
    }

    /** The type of Security Alert the production sink records for an XUA failure. */
    public static SecurityAlert.Type typeOf(org.imagingexchange.gateway.security.xua.XuaFailure failure) {
        return XuaAuditSink.type(failure);
    }

    /** The stored Security Alerts (110113), newest first; of one partner, or all when {@code partner} is null. */
    public List<AuditRecordView> securityAlerts(String partner) {
        return service.search().find(new AuditQuery(null, null, null, partner, AuditMessages.SECURITY_ALERT, null,
                false, AuditQuery.MAX_LIMIT, 0, true));
    }

    @Override
    public void close() {
        service.close();
        database.close();
    }
}
