// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The last refused client certificates (node-authentication failures, ITI-19), for the
 * security audit (ATNA Security Alert, DCM 110113 / 110126). Lives in the boot class loader
 * beside the trust manager, so its API uses JDK types only: the application reads it by
 * reflection ({@code org.imagingexchange.gateway.security.tls.NodeAuthenticationFailures}).
 */
public final class RejectionLog {
    private static final Logger LOG = Logger.getLogger("org.imagingexchange.gateway.security.tls");
    private static final int CAPACITY = 1000;
    private static final ArrayDeque<Map<String, String>> RECENT = new ArrayDeque<>();
    private static final AtomicLong TOTAL = new AtomicLong();

    private RejectionLog() {}

    static void record(X509Certificate[] chain, String reason) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("time", Instant.now().toString());
        X509Certificate leaf = chain != null && chain.length > 0 ? chain[0] : null;
        r.put("subject", leaf == null ? "" : leaf.getSubjectX500Principal().getName());
        r.put("issuer", leaf == null ? "" : leaf.getIssuerX500Principal().getName());
        r.put("serial", leaf == null ? "" : leaf.getSerialNumber().toString(16));
        r.put("sha256", leaf == null ? "" : fingerprint(leaf));
        r.put("reason", reason);
        TOTAL.incrementAndGet();
        synchronized (RECENT) {
            if (RECENT.size() == CAPACITY) {
                RECENT.removeFirst();
            }
            RECENT.addLast(r);
        }
        LOG.warning(() -> "GWTLS0001W client certificate refused: subject=" + r.get("subject") + " issuer="
                + r.get("issuer") + " serial=" + r.get("serial") + " reason=" + reason);
    }

    /** Takes (and forgets) the refusals recorded so far, oldest first. */
    public static List<Map<String, String>> drain() {
        synchronized (RECENT) {
            List<Map<String, String>> out = new ArrayList<>(RECENT);
            RECENT.clear();
            return out;
        }
    }

    /** Refusals since the JVM started, including those already drained or dropped. */
    public static long total() {
        return TOTAL.get();
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "";
        }
    }
}
