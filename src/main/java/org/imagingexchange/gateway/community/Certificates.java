// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small X.509 helpers for trust configuration: PEM parsing, SHA-256 fingerprints and the key
 * strength rule of the gateway (RSA at least 2048 bits, EC at least 256 bits, nothing signed
 * with SHA-1 or MD5).
 */
public final class Certificates {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");
    public static final int MIN_RSA_BITS = 2048;
    public static final int MIN_EC_BITS = 256;

    private Certificates() {}

    /** Every certificate of a PEM text; at least one, else IllegalArgumentException. */
    public static List<X509Certificate> parsePem(String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            byte[] der = java.util.Base64.getMimeDecoder().decode(m.group(1).getBytes(StandardCharsets.US_ASCII));
            certs.add(parseDer(der));
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return certs;
    }

    public static X509Certificate parseDer(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of the DER encoding, without separators. */
    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "AB:CD:..." or "abcd..." to the form of {@link #sha256}; IllegalArgumentException if not 32 bytes of hex. */
    public static String normalizeFingerprint(String text) {
        String hex = text.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        return hex;
    }

    /** Null when the key is strong enough for signatures we accept, else the reason. */
    public static String weakness(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= MIN_RSA_BITS ? null : "RSA key of " + bits + " bits (at least " + MIN_RSA_BITS + " required)";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits >= MIN_EC_BITS ? null : "EC key of " + bits + " bits (at least " + MIN_EC_BITS + " required)";
        }
        return "key algorithm " + key.getAlgorithm() + " is not accepted (RSA or EC only)";
    }

    /** Null when the certificate's own signature algorithm is acceptable, else the reason. */
    public static String weakSignature(X509Certificate cert) {
        String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        return alg.contains("SHA1") || alg.contains("MD5") || alg.contains("MD2")
                ? "certificate signed with " + cert.getSigAlgName() : null;
    }
}
