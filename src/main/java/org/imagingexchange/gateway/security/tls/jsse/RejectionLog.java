// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The refused client certificates (node-authentication failures, ITI-19) not yet taken by the
 * security audit (ATNA Security Alert, DCM 110113 / 110126). Lives in the boot class loader
 * beside the trust manager, so its API uses JDK types only: the application reads it by
 * reflection ({@code org.imagingexchange.gateway.security.tls.NodeAuthenticationFailures}).
 * <p>At most {@value #CAPACITY} refusals wait between two drains, so a handshake flood cannot
 * fill the heap; the ones beyond are only counted ({@link #takeDropped()}), and the audit
 * records that count.
 */
public final class RejectionLog {
    private static final Logger LOG = Logger.getLogger("org.imagingexchange.gateway.security.tls");
    public static final int CAPACITY = 1000;
    private static final ArrayDeque<Map<String, String>> PENDING = new ArrayDeque<>();
    private static final AtomicLong TOTAL = new AtomicLong();
    private static final AtomicLong DROPPED = new AtomicLong();

    private RejectionLog() {}

    /**
     * @param peerHost the client's address when the JSSE engine or socket knows it, else null
     * @param peerPort its port, or -1
     */
    static void record(X509Certificate[] chain, String reason, String peerHost, int peerPort) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("time", Instant.now().toString());
        X509Certificate leaf = chain != null && chain.length > 0 ? chain[0] : null;
        r.put("subject", leaf == null ? "" : leaf.getSubjectX500Principal().getName());
        r.put("issuer", leaf == null ? "" : leaf.getIssuerX500Principal().getName());
        r.put("serial", leaf == null ? "" : leaf.getSerialNumber().toString(16));
        r.put("sha256", leaf == null ? "" : fingerprint(leaf));
        // the whole certificate, so that the application can attribute it to a partner
        r.put("der", leaf == null ? "" : encoded(leaf));
        r.put("peer", peerHost == null ? "" : peerHost);
        r.put("reason", reason);
        TOTAL.incrementAndGet();
        synchronized (PENDING) {
            if (PENDING.size() < CAPACITY) {
                PENDING.addLast(r);
            } else {
                DROPPED.incrementAndGet();
            }
        }
        LOG.warning(() -> "GWTLS0001W client certificate refused: subject=" + r.get("subject") + " issuer="
                + r.get("issuer") + " serial=" + r.get("serial") + " peer=" + (peerHost == null ? "unknown" : peerHost + ":" + peerPort) + " reason=" + reason);
    }

    /** Takes (and forgets) the refusals recorded so far, oldest first. */
    public static List<Map<String, String>> drain() {
        synchronized (PENDING) {
            List<Map<String, String>> out = new ArrayList<>(PENDING);
            PENDING.clear();
            return out;
        }
    }

    /** Refusals not kept because {@value #CAPACITY} were already waiting, since the last call; resets to 0. */
    public static long takeDropped() {
        return DROPPED.getAndSet(0);
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

    private static String encoded(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            return "";
        }
    }
}
