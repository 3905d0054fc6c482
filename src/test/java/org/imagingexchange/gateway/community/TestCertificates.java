// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for the partner-directory tests (Bouncy Castle). */
final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    static X509Certificate rsa(String dn, int bits, String signatureAlgorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            var kp = g.generateKeyPair();
            X500Name name = new X500Name(dn);
            var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(Instant.now().plus(Duration.ofDays(365))), name, kp.getPublic());
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder(signatureAlgorithm).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate ec(String dn, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            var kp = g.generateKeyPair();
            X500Name name = new X500Name(dn);
            var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(Instant.now().plus(Duration.ofDays(365))), name, kp.getPublic());
            return new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                            .build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate cert) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter p = new JcaPEMWriter(w)) {
                p.writeObject(cert);
            }
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
