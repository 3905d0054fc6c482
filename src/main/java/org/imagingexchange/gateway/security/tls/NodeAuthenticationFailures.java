// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.lang.reflect.Method;
import java.time.Instant;
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
 * <pre>
 *   for (NodeAuthenticationFailures.Failure f : NodeAuthenticationFailures.drain()) { audit(f); }
 * </pre>
 */
public final class NodeAuthenticationFailures {
    private static final Logger LOG = Logger.getLogger(NodeAuthenticationFailures.class.getName());
    private static final String LOG_CLASS = "org.imagingexchange.gateway.security.tls.jsse.RejectionLog";

    private NodeAuthenticationFailures() {}

    /** One refused certificate: when, whose (subject, issuer, serial, SHA-256), and why. */
    public record Failure(Instant time, String subject, String issuer, String serial, String sha256, String reason) {}

    /** Takes the refusals recorded since the last call; empty when the partner trust manager is not installed. */
    public static List<Failure> drain() {
        Method drain = method("drain");
        if (drain == null) {
            return List.of();
        }
        try {
            List<Failure> out = new ArrayList<>();
            for (Object o : (List<?>) drain.invoke(null)) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.add(new Failure(Instant.parse(String.valueOf(m.get("time"))), str(m, "subject"), str(m, "issuer"),
                        str(m, "serial"), str(m, "sha256"), str(m, "reason")));
            }
            return out;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "cannot read node-authentication failures: " + e);
            return List.of();
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

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
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
