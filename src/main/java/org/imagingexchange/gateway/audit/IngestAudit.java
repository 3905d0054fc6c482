// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.imagingexchange.gateway.audit.AuditEvent.Participant;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;

/**
 * Audits received DICOM instances (C-STORE or REST upload) as "DICOM Instances Transferred"
 * (110104, action C), one record per study and patient rather than one per instance (PS3.15
 * A.5.3.3: a transfer of a set of instances of one patient): instances are gathered per study
 * and the record is written once the study has been quiet for a few seconds, and at shutdown.
 */
final class IngestAudit implements AutoCloseable {
    private final Auditor auditor;
    private final Participant receiver;
    private final Duration quiet;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    private static final class Pending {
        final String patient;
        final String studyUid;
        final Set<String> series = new LinkedHashSet<>();
        int count;
        Instant last;

        Pending(String patient, String studyUid) {
            this.patient = patient;
            this.studyUid = studyUid;
        }
    }

    IngestAudit(AuditService service, Duration quiet) {
        this.auditor = service;
        this.receiver = Participant.of(service.settings().auditSourceId(), service.localAddress());
        this.quiet = quiet;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-ingest");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(200, quiet.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::flushQuiet, period, period, TimeUnit.MILLISECONDS);
    }

    /** One instance stored: {@code patientCx} is the patient's CX identifier. */
    synchronized void stored(String patientCx, String studyUid, String seriesUid) {
        Pending p = pending.computeIfAbsent(patientCx + "\u0000" + studyUid, k -> new Pending(patientCx, studyUid));
        if (seriesUid != null) {
            p.series.add(seriesUid);
        }
        p.count++;
        p.last = Instant.now();
    }

    private void flushQuiet() {
        for (Pending p : takeQuiet(Instant.now().minus(quiet))) {
            write(p);
        }
    }

    private synchronized List<Pending> takeQuiet(Instant before) {
        List<Pending> due = new ArrayList<>();
        pending.values().removeIf(p -> {
            if (before == null || p.last.isBefore(before)) {
                due.add(p);
                return true;
            }
            return false;
        });
        return due;
    }

    private void write(Pending p) {
        auditor.record(AuditEvent.served(Transaction.DICOM_INGEST)
                .time(p.last)
                .source(Participant.UNKNOWN)
                .destination(receiver)
                .patient(p.patient)
                .study(new StudyRef(p.studyUid, List.copyOf(p.series), p.count, null, null, true))
                .build());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Pending p : takeQuiet(null)) {
            write(p);
        }
    }
}
