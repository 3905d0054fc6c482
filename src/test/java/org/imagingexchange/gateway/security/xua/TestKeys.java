// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real keys and self-signed certificates for the XUA tests, made with Bouncy Castle: an
 * identity provider's signing key, a TLS client identity, weak and expired variants.
 */
record TestKeys(PrivateKey privateKey, X509Certificate certificate) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static TestKeys rsa(String dn) {
        return rsa(dn, 2048, "SHA256withRSA", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    static TestKeys rsa(String dn, int bits, String certSignature, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return selfSigned(dn, g.generateKeyPair(), certSignature, notBefore, notAfter);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TestKeys ec(String dn) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return selfSigned(dn, g.generateKeyPair(), "SHA256withECDSA", Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(365)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestKeys selfSigned(String dn, KeyPair kp, String sigAlg, Instant notBefore, Instant notAfter)
            throws Exception {
        X500Name name = new X500Name(dn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM),
                Date.from(notBefore), Date.from(notAfter), name, kp.getPublic());
        ContentSigner signer = new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate());
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
        return new TestKeys(kp.getPrivate(), cert);
    }

    String certificatePem() {
        return pem(certificate);
    }

    String privateKeyPem() {
        return pem(privateKey);
    }

    private static String pem(Object o) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter p = new JcaPEMWriter(w)) {
                p.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY",
                        k.getEncoded()) : o);
            }
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
