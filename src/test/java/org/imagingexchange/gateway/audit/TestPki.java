// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI (RSA 2048, SHA-256) for the audit transport tests, made with Bouncy Castle: a CA, the syslog
 * receiver's certificate (SAN 127.0.0.1 and localhost, PEM files for rsyslog/GnuTLS) and the
 * gateway's client certificate (PKCS12 key store), with a PKCS12 trust store of the CA.
 */
final class TestPki {
    static final String PASSWORD = "audit-test";

    final Path dir;
    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    final Path trustStore;
    final Path keyStore;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
        this.serverCertPem = dir.resolve("server.pem");
        this.serverKeyPem = dir.resolve("server-key.pem");
        this.trustStore = dir.resolve("truststore.p12");
        this.keyStore = dir.resolve("gateway.p12");
    }

    static TestPki create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        KeyPair caKeys = keyPair();
        X500Name caName = new X500Name("CN=Audit Test CA,O=Imaging Exchange Test");
        X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPrivate(), true, null, null);
        KeyPair serverKeys = keyPair();
        X509Certificate server = sign(new X500Name("CN=localhost,O=Audit Record Repository"), serverKeys, caName,
                caKeys.getPrivate(), false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
        KeyPair clientKeys = keyPair();
        X509Certificate client = sign(new X500Name("CN=gateway,O=Imaging Exchange Test"), clientKeys, caName,
                caKeys.getPrivate(), false, KeyPurposeId.id_kp_clientAuth, null);

        pem(pki.caPem, ca);
        pem(pki.serverCertPem, server);
        pem(pki.serverKeyPem, new JcaPKCS8Generator(serverKeys.getPrivate(), null).generate());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        store(trust, pki.trustStore);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("gateway", clientKeys.getPrivate(), PASSWORD.toCharArray(),
                new X509Certificate[] {client, ca});
        store(keys, pki.keyStore);
        return pki;
    }

    AuditSettings.Tls tls() {
        return new AuditSettings.Tls(trustStore, PASSWORD, keyStore, PASSWORD, true);
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
                                        boolean ca, KeyPurposeId purpose, GeneralNames names) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (names != null) {
            b.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static void pem(Path file, Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        Files.writeString(file, out.toString());
    }

    private static void store(KeyStore ks, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }
}
