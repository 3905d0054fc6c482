// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.audit.utils.AuditUtils;

/**
 * The gateway's ATNA Secure Application (ITI-20): builds the DICOM audit message of each event,
 * commits it to the local {@code audit_record} table, and lets a background sender deliver it
 * by TLS syslog to the Audit Record Repository when one is configured. Records application start
 * and stop (110100) itself.
 *
 * <pre>{@code
 * AuditService audit = AuditService.start(database, AuditSettings.from(config, aeTitle, homeCommunityId));
 * audit.record(event);          // after each transaction
 * audit.search().find(query);   // GET /api/audit
 * audit.close();                // application stop: flushes pending ingest records
 * }</pre>
 *
 * Log lines name the transaction and event, never a patient or an assertion.
 */
public final class AuditService implements Auditor, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditService.class.getName());

    private final AuditSettings settings;
    private final AuditStore store;
    private final AuditMessages messages;
    private final AuditSearch search;
    private final PatientLookup patients;
    private final AuditSender sender;
    private final IngestAudit ingest;

    private AuditService(Database db, AuditSettings settings, Clock clock, AuditSender sender, AuditStore store) {
        this.settings = settings;
        this.store = store;
        this.messages = new AuditMessages(settings.auditSourceId(), settings.enterpriseSiteId(), settings.appName(),
                AuditUtils.getLocalIPAddress());
        this.search = new AuditSearch(db);
        this.patients = new PatientLookup(db);
        this.sender = sender;
        this.ingest = new IngestAudit(this, settings.ingestQuietTime());
    }

    /**
     * Starts auditing on {@code db}: records Application Start and, when a repository is
     * configured, starts the sender (which first delivers whatever an earlier run left unsent).
     *
     * @throws IllegalStateException when the TLS stores of the repository cannot be read
     */
    public static AuditService start(Database db, AuditSettings settings) {
        Clock clock = Clock.systemUTC();
        AuditStore store = new AuditStore(db, clock);
        AuditSender sender = null;
        if (settings.collector() != null) {
            try {
                sender = new AuditSender(store, new SyslogTlsTransport(settings.collector(), settings.appName()),
                        settings);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("audit repository TLS settings unusable (GATEWAY_AUDIT_TLS_*): " + e, e);
            }
        }
        AuditService service = new AuditService(db, settings, clock, sender, store);
        service.store(List.of(service.messages.applicationActivity(true)), "application start");
        if (sender != null) {
            sender.start();
        }
        LOG.info(() -> "audit started: " + (settings.collector() == null ? "local audit table only"
                : "TLS syslog to " + settings.collector().host() + ":" + settings.collector().port())
                + ", " + service.unsentCount() + " record(s) waiting");
        return service;
    }

    @Override
    public void record(AuditEvent event) {
        try {
            store(messages.records(event), event.transaction().code());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "AUDIT-001 audit record of " + event.transaction().code() + " not built: " + e);
        }
    }

    @Override
    public void securityAlert(SecurityAlert alert) {
        try {
            store(List.of(messages.record(alert)), "security alert " + alert.type());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "AUDIT-001 security alert " + alert.type() + " not built: " + e);
        }
    }

    private void store(List<AuditRecord> records, String what) {
        try {
            store.insert(records);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "AUDIT-001 audit record of " + what + " could not be stored: " + e);
            return;
        }
        if (sender != null) {
            sender.wakeUp();
        }
    }

    /** A finished import (IRWF.b): DICOM Import 110107. */
    public void imported(ImportAuditEvent event) {
        try {
            store(List.of(messages.importRecord(event)), Transaction.IMPORT.code());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "AUDIT-001 import audit record not built: " + e);
        }
    }

    /** Search over the stored records ({@code GET /api/audit}). */
    public AuditSearch search() {
        return search;
    }

    /** Records not yet taken by the Audit Record Repository (all of them when none is configured). */
    public long unsentCount() {
        return store.unsentCount();
    }

    public AuditSettings settings() {
        return settings;
    }

    String localAddress() {
        return messages.localAddress();
    }

    PatientLookup patients() {
        return patients;
    }

    IngestAudit ingest() {
        return ingest;
    }

    /** Flushes pending ingest records, records Application Stop and stops the sender. */
    @Override
    public void close() {
        ingest.close();
        store(List.of(messages.applicationActivity(false)), "application stop");
        if (sender != null) {
            sender.close();
        }
    }
}
