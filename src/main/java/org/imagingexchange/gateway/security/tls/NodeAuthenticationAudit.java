// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.security.tls.NodeAuthenticationFailures.Failure;

/**
 * ITI-20 for ITI-19 on the partner TLS port (CATALOGUE TLS-14): every client certificate the
 * handshake refused becomes an ATNA Security Alert (EventID 110113, EventTypeCode 110126 Node
 * Authentication, outcome serious failure) naming the certificate (subject, issuer, serial,
 * SHA-256), the reason and the client's address, attributed to the partner that registered the
 * certificate if one did. The alerts go through the gateway's {@link Auditor}, so they are in the
 * audit table ({@code GET /api/audit?event=110126}) and queued for the Audit Record Repository
 * like every other record.
 * <p>The refusals happen in Liberty's JVM outside the application ({@link NodeAuthenticationFailures});
 * they are taken every second and once more at {@link #close()}. Refusals the trust manager could
 * not keep (a flood between two drains) become one alert with their count.
 * <p>Handshakes refused before any certificate check (TLS-01/09/10) are taken from Liberty's own
 * {@code CWWKO0801E} lines ({@link LibertyHandshakeLog}) in the same pass; Liberty logs certificate
 * refusals there too, so those get a second alert, the one naming the client's address.
 * <pre>
 *   NodeAuthenticationAudit tls = NodeAuthenticationAudit.start(auditor, partnerDirectory);
 *   ...
 *   tls.close();   // before the audit service closes
 * </pre>
 */
public final class NodeAuthenticationAudit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeAuthenticationAudit.class.getName());
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** Where refusals come from: the trust manager's log in Liberty's JVM, or a test's list. */
    interface Source {
        List<Failure> drain();

        long takeDropped();
    }

    private static final Source TRUST_MANAGER = new Source() {
        @Override
        public List<Failure> drain() {
            return NodeAuthenticationFailures.drain();
        }

        @Override
        public long takeDropped() {
            return NodeAuthenticationFailures.takeDropped();
        }
    };

    private final Source source;
    private final Auditor auditor;
    private final PartnerDirectory partners;
    private final ScheduledExecutorService timer;
    /** Liberty's messages.log, for TLS-01/09/10 refusals that never reach the trust manager; null if not found. */
    private final LibertyHandshakeLog handshakes;

    NodeAuthenticationAudit(Source source, Auditor auditor, PartnerDirectory partners, boolean scheduled) {
        this(source, null, auditor, partners, scheduled);
    }

    NodeAuthenticationAudit(Source source, LibertyHandshakeLog handshakes, Auditor auditor, PartnerDirectory partners,
                            boolean scheduled) {
        this.source = source;
        this.handshakes = handshakes;
        this.auditor = auditor;
        this.partners = partners;
        if (!scheduled) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-node-authentication");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::drainSafely, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Audits the refusals of the partner trust manager in this JVM, every second from now on. */
    public static NodeAuthenticationAudit start(Auditor auditor, PartnerDirectory partners) {
        return new NodeAuthenticationAudit(TRUST_MANAGER, followLibertyLog(), auditor, partners, true);
    }

    private static LibertyHandshakeLog followLibertyLog() {
        Optional<Path> file = LibertyHandshakeLog.locate(System.getenv(), System::getProperty);
        if (file.isEmpty()) {
            LOG.warning("GWTLS0012W Liberty's messages.log not found (LOG_DIR, server.output.dir, WLP_OUTPUT_DIR, "
                    + "working directory): handshakes refused before the certificate check (no client certificate, "
                    + "old protocol, weak cipher suite) are not audited");
            return null;
        }
        try {
            LibertyHandshakeLog log = LibertyHandshakeLog.open(file.get());
            LOG.info(() -> "GWTLS0013I auditing handshakes refused by Liberty (CWWKO0801E) from " + file.get());
            return log;
        } catch (IOException e) {
            LOG.warning("GWTLS0012W cannot read " + file.get() + ": " + e + "; handshakes refused before the "
                    + "certificate check are not audited");
            return null;
        }
    }

    private void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) { // the next run must still happen
            LOG.log(Level.WARNING, "GWTLS0010W node-authentication failures not audited in this pass: " + e, e);
        }
    }

    /** Audits what was refused since the last call; returns the number of alerts recorded. */
    int drain() {
        int alerts = 0;
        for (Failure f : source.drain()) {
            auditor.securityAlert(alert(f));
            alerts++;
        }
        alerts += drainLibertyLog();
        long dropped = source.takeDropped();
        if (dropped > 0) {
            LOG.warning(() -> "GWTLS0011W " + dropped + " refused client certificate(s) not audited one by one: "
                    + "too many handshakes refused within " + PERIOD.toSeconds() + " s");
            auditor.securityAlert(new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, dropped
                    + " more client certificate(s) refused on the partner TLS port, not recorded one by one "
                    + "(too many refusals within " + PERIOD.toSeconds() + " s)", null, null, null, null, null));
            alerts++;
        }
        return alerts;
    }

    /** Liberty's CWWKO0801E / CWWKO0804I lines since the last pass, as Node Authentication alerts. */
    private int drainLibertyLog() {
        if (handshakes == null) {
            return 0;
        }
        LibertyHandshakeLog.Batch batch;
        try {
            batch = handshakes.poll();
        } catch (IOException e) {
            LOG.warning(() -> "GWTLS0010W cannot read " + handshakes.file() + " in this pass: " + e);
            return 0;
        }
        int alerts = 0;
        for (LibertyHandshakeLog.Event e : batch.events()) {
            auditor.securityAlert(alert(e));
            alerts++;
        }
        if (batch.dropped() > 0 || batch.skippedBytes() > 0) {
            String what = batch.dropped() + " more refused TLS handshake(s) on the partner TLS port not recorded one by one"
                    + (batch.skippedBytes() > 0 ? ", and " + batch.skippedBytes() + " bytes of Liberty's log skipped" : "")
                    + " (too many within " + PERIOD.toSeconds() + " s)";
            LOG.warning(() -> "GWTLS0011W " + what);
            auditor.securityAlert(new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, what, null, null, null,
                    null, null));
            alerts++;
        }
        return alerts;
    }

    static SecurityAlert alert(LibertyHandshakeLog.Event e) {
        if (e.kind() == LibertyHandshakeLog.Kind.SUPPRESSED) {
            return new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, "Liberty stopped logging failed TLS "
                    + "handshakes (CWWKO0804I): further handshakes refused before the certificate check are no longer "
                    + "logged and not audited until the server restarts", null, null, null, null, e.time());
        }
        String from = e.host().isEmpty() ? "" : " from " + e.host() + (e.port().isEmpty() ? "" : ":" + e.port());
        return new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, "TLS handshake refused on the partner TLS port"
                + from + ": " + e.reason() + " (Liberty CWWKO0801E)", e.host().isEmpty() ? null : e.host(), null, null,
                null, e.time());
    }

    private SecurityAlert alert(Failure f) {
        String partner = f.certificate() == null ? null
                : partners.byTlsCertificate(f.certificate()).map(Partner::homeCommunityId).orElse(null);
        String reason = "client certificate refused on the partner TLS port: " + f.reason() + " (subject="
                + f.subject() + ", issuer=" + f.issuer() + ", serial=" + f.serial() + ", sha256=" + f.sha256() + ")";
        return new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, reason,
                f.peer().isEmpty() ? null : f.peer(), partner, null, null, f.time());
    }

    /** Stops the timer and audits what is still waiting. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drainSafely();
        if (handshakes != null) {
            handshakes.close();
        }
    }
}
