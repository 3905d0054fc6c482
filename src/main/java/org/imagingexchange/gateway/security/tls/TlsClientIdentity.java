// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import jakarta.servlet.ServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The partner node that opened this mutual-TLS connection (ITI-19): the leaf of the client
 * certificate chain that the TLS handshake verified. The XUA check uses it to bind an assertion
 * to the partner ("the TLS client identity must belong to the same partner as the assertion
 * issuer"); match partners on {@link #sha256()} (a pinned certificate) or on the issuer and
 * subject / {@link #uris()} (the lab PKI puts the homeCommunityId there as a URI name).
 * <pre>
 *   Optional&lt;TlsClientIdentity&gt; id = TlsClientIdentity.from(httpServletRequest);
 *   id.map(TlsClientIdentity::sha256)
 * </pre>
 *
 * @param subject     subject DN, RFC 2253 ({@code CN=hospital-a,OU=gateway,O=...})
 * @param issuer      issuer DN, RFC 2253
 * @param serial      serial number, lower-case hex
 * @param sha256      SHA-256 of the DER certificate, lower-case hex without separators
 * @param dnsNames    subjectAltName dNSName entries
 * @param ipAddresses subjectAltName iPAddress entries
 * @param uris        subjectAltName uniformResourceIdentifier entries
 */
public record TlsClientIdentity(
        String subject,
        String issuer,
        String serial,
        String sha256,
        List<String> dnsNames,
        List<String> ipAddresses,
        List<String> uris,
        Instant notAfter,
        X509Certificate certificate) {

    /** The servlet request attribute holding the verified client chain (Servlet 6.0 section 3.10). */
    public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    public TlsClientIdentity {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        uris = List.copyOf(uris);
    }

    /** Empty when the request did not come over TLS with a client certificate. */
    public static Optional<TlsClientIdentity> from(ServletRequest request) {
        Object attr = request.getAttribute(CERTIFICATE_ATTRIBUTE);
        if (attr instanceof X509Certificate[] chain && chain.length > 0 && chain[0] != null) {
            return Optional.of(of(chain[0]));
        }
        return Optional.empty();
    }

    public static TlsClientIdentity of(X509Certificate leaf) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1));
                    switch (type) {
                        case SAN_DNS -> dns.add(value);
                        case SAN_IP -> ips.add(normalizeIp(value));
                        case SAN_URI -> uris.add(value);
                        default -> { }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName", e);
        }
        return new TlsClientIdentity(leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
                leaf.getSerialNumber().toString(16), fingerprint(leaf), dns, ips, uris,
                leaf.getNotAfter().toInstant(), leaf);
    }

    private static String normalizeIp(String value) {
        try {
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            return value;
        }
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    /** For logs and audit records: subject, issuer and fingerprint, never the whole certificate. */
    @Override
    public String toString() {
        return "TlsClientIdentity[subject=" + subject + ", issuer=" + issuer + ", sha256=" + sha256 + "]";
    }
}
