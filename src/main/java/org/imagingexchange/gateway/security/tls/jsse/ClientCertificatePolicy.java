// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;

/**
 * What a partner's client certificate chain must satisfy beyond PKIX path validation (which the
 * JDK does: signatures, validity, trust anchor, revocation). The JDK's defaults accept RSA 1024
 * and SHA-1 from a private CA, and a CA certificate as leaf; partners must not
 * (CATALOGUE TLS-07, TLS-08; RFC 9325 section 4.5; ITI-19).
 * <ul>
 *   <li>every key: RSA of at least 2048 bits, EC of at least 256 bits, or EdDSA; nothing else;</li>
 *   <li>every signature below the trust anchor: no MD2, MD5 or SHA-1;</li>
 *   <li>the leaf: not a CA; key usage (when present) includes digitalSignature; extended key
 *       usage (when present) includes clientAuth or anyExtendedKeyUsage.</li>
 * </ul>
 */
public final class ClientCertificatePolicy {
    public static final int MIN_RSA_BITS = 2048;
    public static final int MIN_EC_BITS = 256;
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private ClientCertificatePolicy() {}

    /** @throws CertificateException naming the first rule the chain breaks */
    public static void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        for (int i = 0; i < chain.length; i++) {
            X509Certificate c = chain[i];
            checkKey(c.getPublicKey(), i);
            boolean selfIssued = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
            if (i == 0 || !selfIssued) {
                checkSignature(c.getSigAlgName(), i);
            }
        }
        X509Certificate leaf = chain[0];
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("leaf certificate is a CA certificate (basicConstraints CA:TRUE)");
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && (ku.length <= DIGITAL_SIGNATURE || !ku[DIGITAL_SIGNATURE])) {
            throw new CertificateException("leaf key usage lacks digitalSignature");
        }
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable extended key usage", e);
        }
        if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EKU)) {
            throw new CertificateException("leaf extended key usage lacks clientAuth " + eku);
        }
    }

    private static void checkKey(PublicKey key, int depth) throws CertificateException {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new CertificateException("RSA key of " + bits + " bits at depth " + depth
                        + " (at least " + MIN_RSA_BITS + " required)");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw new CertificateException("EC key of " + bits + " bits at depth " + depth
                        + " (at least " + MIN_EC_BITS + " required)");
            }
        } else if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())
                && !"Ed448".equals(key.getAlgorithm())) {
            throw new CertificateException(key.getAlgorithm() + " key at depth " + depth + " not accepted");
        }
    }

    private static void checkSignature(String sigAlg, int depth) throws CertificateException {
        String a = sigAlg.toUpperCase(Locale.ROOT).replace("-", "");
        if (a.startsWith("SHA1") || a.contains("MD5") || a.contains("MD2")) {
            throw new CertificateException("weak signature algorithm " + sigAlg + " at depth " + depth);
        }
    }
}
