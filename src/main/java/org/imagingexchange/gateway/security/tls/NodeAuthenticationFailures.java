// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Client certificates the partner TLS port refused (ITI-19 node-authentication failures), for
 * the audit to turn into ATNA Security Alerts (DCM 110113, EventType 110126 Node Authentication).
 * The refusals are recorded by the trust manager in Liberty's JVM boot class loader
 * ({@code security.tls.jsse.RejectionLog}); this class reads them across the class-loader
 * boundary. Handshakes refused before any certificate was seen (no client certificate, old
 * protocol, weak cipher) do not reach a trust manager and are not listed here; Liberty logs
 * them (CWWKO0801E) unless {@code suppressHandshakeErrors} is set.
 * {@link NodeAuthenticationAudit} drains this every second.
 * <pre>
 *   for (NodeAuthenticationFailures.Failure f : NodeAuthenticationFailures.drain()) { audit(f); }
 * </pre>
 */
public final class NodeAuthenticationFailures {
    private static final Logger LOG = Logger.getLogger(NodeAuthenticationFailures.class.getName());
    private static final String LOG_CLASS = "org.imagingexchange.gateway.security.tls.jsse.RejectionLog";

    private NodeAuthenticationFailures() {}

    /**
     * One refused certificate: when, whose (subject, issuer, serial in hex, SHA-256, the
     * certificate itself or null), from where ("host:port", or "" when JSSE did not know), and why.
     */
    public record Failure(Instant time, String subject, String issuer, String serial, String sha256,
                          X509Certificate certificate, String peer, String reason) {}

    /** Takes the refusals recorded since the last call; empty when the partner trust manager is not installed. */
    public static List<Failure> drain() {
        Method drain = method("drain");
        if (drain == null) {
            return List.of();
        }
        try {
            List<Failure> out = new ArrayList<>();
            for (Object o : (List<?>) drain.invoke(null)) {
                out.add(failure((Map<?, ?>) o));
            }
            return out;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "cannot read node-authentication failures: " + e);
            return List.of();
        }
    }

    /** Refusals left out of {@link #drain()} since the last call because too many were waiting. */
    public static long takeDropped() {
        Method take = method("takeDropped");
        try {
            return take == null ? 0 : (Long) take.invoke(null);
        } catch (ReflectiveOperationException e) {
            LOG.warning(() -> "cannot read the count of dropped node-authentication failures: " + e);
            return 0;
        }
    }

    /** Refusals since the server started; -1 when the partner trust manager is not installed. */
    public static long total() {
        Method total = method("total");
        try {
            return total == null ? -1 : (Long) total.invoke(null);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /** True when Liberty's JVM runs the partner trust manager (mutual TLS configured through the launcher). */
    public static boolean installed() {
        return method("total") != null;
    }

    /** One entry of {@code RejectionLog.drain()}. */
    static Failure failure(Map<?, ?> m) {
        return new Failure(Instant.parse(String.valueOf(m.get("time"))), str(m, "subject"), str(m, "issuer"),
                str(m, "serial"), str(m, "sha256"), certificate(str(m, "der")), str(m, "peer"), str(m, "reason"));
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static X509Certificate certificate(String base64) {
        if (base64.isEmpty()) {
            return null;
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (CertificateException | IllegalArgumentException e) {
            return null; // the other fields still describe it
        }
    }

    private static Method method(String name) {
        try {
            // null class loader = the boot class loader, where the launcher put the trust manager
            return Class.forName(LOG_CLASS, true, null).getMethod(name);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }
}
