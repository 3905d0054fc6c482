// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab PKI makes what it promises: chains that the JDK's PKIX validator and, independently,
 * {@code openssl verify -crl_check} accept; the key usages and names of each profile; a CRL
 * that lists what was revoked; stores that open with the passwords written beside them.
 */
class LabPkiTest {
    private static final String COMMUNITY_ID = "urn:oid:1.3.6.1.4.1.21367.2026.9.1";
    @TempDir
    static Path dir;
    static LabPki pki;
    static CertificateAuthority ca;
    static CommunityFiles community;

    @BeforeAll
    static void makePki() throws IOException {
        pki = new LabPki(dir.resolve("lab"));
        ca = pki.init(LabPki.DEFAULT_CA, KeyType.RSA_3072, Duration.ofDays(3650), Duration.ofDays(30));
        community = pki.community(LabPki.CommunityRequest.of("hospital-a", COMMUNITY_ID)
                .withHosts(List.of("gw-a.example.org", "10.1.2.3")));
    }

    @Test
    void caIsACaWithCrlSigning() {
        X509Certificate c = ca.certificate();
        assertEquals(0, c.getBasicConstraints());
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[5], "keyCertSign");
        assertTrue(ku[6], "cRLSign");
        assertFalse(ku[0], "no digitalSignature on the CA");
        assertEquals("SHA256withRSA", c.getSigAlgName());
    }

    @Test
    void tlsNodeCertificateHasServerAndClientAuthAndTheHostNames() throws Exception {
        X509Certificate tls = Pem.readCertificates(community.tlsCertificate()).get(0);
        assertEquals(-1, tls.getBasicConstraints());
        boolean[] ku = tls.getKeyUsage();
        assertTrue(ku[0] && ku[2], "digitalSignature + keyEncipherment");
        assertFalse(ku[5] || ku[6], "no CA usages");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), tls.getExtendedKeyUsage());
        assertEquals(Set.of("2:localhost", "2:gw-a.example.org", "7:127.0.0.1", "7:10.1.2.3", "6:" + COMMUNITY_ID),
                sans(tls));
        assertEquals(3072, ((RSAPublicKey) tls.getPublicKey()).getModulus().bitLength());
        assertTrue(Duration.between(tls.getNotBefore().toInstant(), tls.getNotAfter().toInstant())
                .compareTo(Duration.ofDays(731)) <= 0, "ITI19-12: at most two years");
        pkixValidate(tls);
    }

    @Test
    void samlSigningCertificateIsForSignaturesOnly() throws Exception {
        X509Certificate saml = Pem.readCertificates(community.samlCertificate()).get(0);
        boolean[] ku = saml.getKeyUsage();
        assertTrue(ku[0], "digitalSignature");
        for (int i = 1; i < ku.length; i++) {
            assertFalse(ku[i], "only digitalSignature, not bit " + i);
        }
        assertNull(saml.getExtendedKeyUsage());
        assertTrue(((RSAPublicKey) saml.getPublicKey()).getModulus().bitLength() >= 2048);
        pkixValidate(saml);
    }

    @Test
    void storesOpenWithTheirPasswordsAndHoldWhatLibertyNeeds() throws Exception {
        Map<String, String> pw = community.readPasswords();
        KeyStore ks = KeyStores.read(community.keyStore(), pw.get("keystore.password").toCharArray());
        assertEquals(List.of("tls"), Collections.list(ks.aliases()));
        assertTrue(ks.isKeyEntry("tls"));
        assertNotNull((PrivateKey) ks.getKey("tls", pw.get("keystore.password").toCharArray()));
        assertEquals(2, ks.getCertificateChain("tls").length, "leaf and CA");

        KeyStore ts = KeyStores.read(community.trustStore(), pw.get("truststore.password").toCharArray());
        assertTrue(ts.isCertificateEntry(LabPki.DEFAULT_CA));
        assertEquals(ca.certificate(), ts.getCertificate(LabPki.DEFAULT_CA));

        KeyStore saml = KeyStores.read(community.samlKeyStore(), pw.get("saml-signing.password").toCharArray());
        assertTrue(saml.isKeyEntry("saml"));

        assertThrows(IOException.class, () -> KeyStores.read(community.keyStore(), "wrong".toCharArray()));
    }

    @Test
    void secretsAreOwnerOnlyAndTheEnvFileNamesTheSettings() throws Exception {
        for (Path p : List.of(community.passwords(), community.env(), community.keyStore(), community.tlsKey(),
                community.samlKey(), ca.dir().resolve("ca.password"), ca.dir().resolve("ca.p12"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        Map<String, String> env = community.readEnv();
        assertEquals(community.keyStore().toString(), env.get("GATEWAY_TLS_KEYSTORE"));
        assertEquals(community.trustStore().toString(), env.get("GATEWAY_TLS_TRUSTSTORE"));
        assertEquals(community.readPasswords().get("keystore.password"), env.get("GATEWAY_TLS_KEYSTORE_PASSWORD"));
        assertEquals(community.readPasswords().get("truststore.password"), env.get("GATEWAY_TLS_TRUSTSTORE_PASSWORD"));
        assertTrue(env.get("GATEWAY_TLS_CRL").startsWith(ca.crlFile().toString()));
    }

    @Test
    void revokedClientIsListedInTheCrlAndRefusedByPkixAndOpenssl() throws Exception {
        ClientFiles revoked = pki.client("revoked-1", ClientKind.REVOKED, LabPki.DEFAULT_CA, null);
        X509Certificate cert = Pem.readCertificates(revoked.certificate()).get(0);
        X509CRL crl = ca.crl();
        assertNotNull(crl.getRevokedCertificate(cert.getSerialNumber()));
        crl.verify(ca.certificate().getPublicKey());
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> pkixValidate(cert));
        assertEquals(CertPathValidatorException.BasicReason.REVOKED, e.getReason());
        assertTrue(openssl(revoked.certificate()).contains("certificate revoked"));
    }

    @Test
    void validClientVerifiesWithOpensslCrlCheck() throws Exception {
        ClientFiles valid = pki.client("valid-1", ClientKind.VALID, LabPki.DEFAULT_CA, COMMUNITY_ID);
        X509Certificate cert = Pem.readCertificates(valid.certificate()).get(0);
        pkixValidate(cert);
        assertTrue(openssl(valid.certificate()).endsWith(": OK"), openssl(valid.certificate()));
        assertTrue(openssl(community.tlsCertificate()).endsWith(": OK"));
        KeyStore ks = KeyStores.read(valid.keyStore(), SecretFiles.readPassword(valid.password()));
        assertTrue(ks.isKeyEntry("client"));
    }

    @Test
    void revokeCommandAddsToTheCrlAndBumpsItsNumber() throws Exception {
        ClientFiles victim = pki.client("victim", ClientKind.VALID, LabPki.DEFAULT_CA, null);
        X509Certificate cert = Pem.readCertificates(victim.certificate()).get(0);
        long before = crlNumber(ca.crl());
        var out = new java.io.ByteArrayOutputStream();
        int rc = CertsCommand.run(new String[] {"revoke", "--out", pki.root().toString(), "--cert",
                victim.certificate().toString()}, new java.io.PrintStream(out), System.err);
        assertEquals(0, rc, out.toString());
        X509CRL crl = ca.crl();
        assertNotNull(crl.getRevokedCertificate(cert.getSerialNumber()));
        assertTrue(crlNumber(crl) > before);
        assertTrue(openssl(victim.certificate()).contains("certificate revoked"));
    }

    @Test
    void eachBrokenKindHasItsDefect() throws Exception {
        Map<ClientKind, X509Certificate> certs = new java.util.EnumMap<>(ClientKind.class);
        for (ClientKind k : ClientKind.values()) {
            ClientFiles f = pki.client("kind-" + k.cliName(), k, LabPki.DEFAULT_CA, null);
            certs.put(k, Pem.readCertificates(f.certificate()).get(0));
        }
        assertTrue(certs.get(ClientKind.EXPIRED).getNotAfter().before(new java.util.Date()));
        assertTrue(certs.get(ClientKind.NOT_YET_VALID).getNotBefore().after(new java.util.Date()));
        assertEquals(1024, ((RSAPublicKey) certs.get(ClientKind.RSA_1024).getPublicKey()).getModulus().bitLength());
        assertEquals("SHA1withRSA", certs.get(ClientKind.SHA1).getSigAlgName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certs.get(ClientKind.WRONG_EKU).getExtendedKeyUsage());
        assertFalse(certs.get(ClientKind.NO_DIGITAL_SIGNATURE).getKeyUsage()[0]);
        assertTrue(certs.get(ClientKind.CA_LEAF).getBasicConstraints() >= 0);
        assertFalse(ca.issued(certs.get(ClientKind.UNKNOWN_CA)));
        X509Certificate self = certs.get(ClientKind.SELF_SIGNED);
        assertEquals(self.getSubjectX500Principal(), self.getIssuerX500Principal());

        // the JDK's plain PKIX validation (without the gateway's policy) catches some of them only
        assertPkixReason(certs.get(ClientKind.EXPIRED), CertPathValidatorException.BasicReason.EXPIRED);
        assertPkixReason(certs.get(ClientKind.NOT_YET_VALID), CertPathValidatorException.BasicReason.NOT_YET_VALID);
        assertThrows(CertPathValidatorException.class, () -> pkixValidate(certs.get(ClientKind.UNKNOWN_CA)));
        pkixValidate(certs.get(ClientKind.RSA_1024));
        pkixValidate(certs.get(ClientKind.SHA1));
        // ... and openssl at security level 2 (112 bits) refuses the weak ones
        assertTrue(openssl(pki.clientDir("kind-rsa-1024").resolve("cert.pem"), "-auth_level", "2").contains("EE certificate key too weak"));
        assertTrue(openssl(pki.clientDir("kind-sha1").resolve("cert.pem"), "-auth_level", "2").contains("signature digest algorithm too weak"));
        assertTrue(openssl(pki.clientDir("kind-wrong-eku").resolve("cert.pem"), "-purpose", "sslclient")
                .contains("unsuitable certificate purpose"));
    }

    @Test
    void cliRefusesBadInputAndNeverPrintsPasswords() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        String root = pki.root().toString();
        assertEquals(2, CertsCommand.run(new String[] {"community", "--out", root}, new java.io.PrintStream(out),
                new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("--name is required"));
        assertEquals(2, CertsCommand.run(new String[] {"client", "--out", root, "--name", "x", "--kind", "nonsense"},
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(2, CertsCommand.run(new String[] {"community", "--out", root, "--name", "ca"},
                new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(1, CertsCommand.run(new String[] {"community", "--out", root, "--name", "hospital-a"},
                new java.io.PrintStream(out), new java.io.PrintStream(err)), "exists: needs --force");
        out.reset();
        assertEquals(0, CertsCommand.run(new String[] {"community", "--out", root, "--name", "hospital-b",
                "--community-id", "urn:oid:1.2.3", "--key", "ec"}, new java.io.PrintStream(out), System.err));
        assertEquals(0, CertsCommand.run(new String[] {"list", "--out", root}, new java.io.PrintStream(out), System.err));
        CommunityFiles b = new CommunityFiles(pki.communityDir("hospital-b"));
        for (String secret : b.readPasswords().values()) {
            assertFalse(out.toString().contains(secret), "a password was printed");
        }
        assertTrue(out.toString().contains("community hospital-b"));
        assertEquals("EC", Pem.readCertificates(b.tlsCertificate()).get(0).getPublicKey().getAlgorithm());
    }

    @Test
    void trustAddsAnOutsideCaAndItsCrl() throws Exception {
        LabPki other = new LabPki(dir.resolve("other"));
        CertificateAuthority otherCa = other.init("other-ca", KeyType.EC_P256, Duration.ofDays(365), Duration.ofDays(7));
        pki.trust("hospital-a", "other-hie", otherCa.certificate(), otherCa.crlFile());
        KeyStore ts = KeyStores.read(community.trustStore(),
                community.readPasswords().get("truststore.password").toCharArray());
        assertEquals(otherCa.certificate(), ts.getCertificate("partner-other-hie"));
        assertTrue(ts.isCertificateEntry(LabPki.DEFAULT_CA));
        assertTrue(Files.exists(community.partnerCrls().resolve("other-hie.pem")));
    }

    @Test
    void crlReissueKeepsEntriesAndMovesNextUpdate() throws Exception {
        pki.client("revoked-2", ClientKind.REVOKED, LabPki.DEFAULT_CA, null);
        X509CRL before = ca.crl();
        X509CRL after = ca.reissueCrl(Duration.ofDays(90));
        assertEquals(before.getRevokedCertificates().size(), after.getRevokedCertificates().size());
        assertTrue(after.getNextUpdate().after(before.getNextUpdate()));
        ca.reissueCrl(Duration.ofDays(30));
    }

    private static void assertPkixReason(X509Certificate cert, CertPathValidatorException.BasicReason reason) {
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> pkixValidate(cert));
        assertEquals(reason, e.getReason());
    }

    /** The JDK's PKIX validation with the lab CA as anchor and its CRL, revocation checking on. */
    static void pkixValidate(X509Certificate cert) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(ca.crl()))));
        params.setRevocationEnabled(true);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert));
        var rc = (java.security.cert.PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
        rc.setOptions(Set.of(java.security.cert.PKIXRevocationChecker.Option.PREFER_CRLS,
                java.security.cert.PKIXRevocationChecker.Option.NO_FALLBACK));
        params.addCertPathChecker(rc);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    private static String openssl(Path cert, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-CAfile", ca.certificateFile().toString(),
                "-crl_check", "-CRLfile", ca.crlFile().toString()));
        cmd.addAll(List.of(extra));
        cmd.add(cert.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out;
    }

    private static long crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        byte[] inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
        return org.bouncycastle.asn1.ASN1Integer.getInstance(inner).getValue().longValueExact();
    }

    private static Set<String> sans(X509Certificate c) throws Exception {
        Set<String> out = new java.util.HashSet<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            out.add(san.get(0) + ":" + san.get(1));
        }
        return out;
    }

    @Test
    void keyStoreChainMatchesPemFiles() throws Exception {
        Map<String, String> pw = community.readPasswords();
        KeyStore ks = KeyStores.read(community.keyStore(), pw.get("keystore.password").toCharArray());
        assertArrayEquals(Pem.readCertificates(community.tlsCertificate()).toArray(), ks.getCertificateChain("tls"));
    }
}
