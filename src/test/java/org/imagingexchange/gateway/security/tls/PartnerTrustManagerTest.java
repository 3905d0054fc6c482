// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imagingexchange.gateway.security.pki.CertificateAuthority;
import org.imagingexchange.gateway.security.pki.ClientFiles;
import org.imagingexchange.gateway.security.pki.ClientKind;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.pki.Pem;
import org.imagingexchange.gateway.security.pki.SecretFiles;
import org.imagingexchange.gateway.security.tls.jsse.CrlSource;
import org.imagingexchange.gateway.security.tls.jsse.GatewayTlsProvider;
import org.imagingexchange.gateway.security.tls.jsse.PartnerTrustManager;
import org.imagingexchange.gateway.security.tls.jsse.RejectionLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner trust manager in-process: which client chains it accepts, how it reads the CRL
 * file (live reload, hard fail when missing or stale), and that it installs as a JCA provider
 * and serves a real TLS handshake. The same cases against the real server: {@code MutualTlsIT}.
 */
class PartnerTrustManagerTest {
    @TempDir
    static Path dir;
    static LabPki pki;
    static CertificateAuthority ca;
    static CommunityFiles community;
    static KeyStore trustStore;
    static final Map<ClientKind, X509Certificate[]> CHAINS = new EnumMap<>(ClientKind.class);

    @BeforeAll
    static void pki() throws Exception {
        pki = new LabPki(dir.resolve("lab"));
        ca = pki.init(LabPki.DEFAULT_CA, KeyType.RSA_2048, Duration.ofDays(365), Duration.ofDays(30));
        community = pki.community(LabPki.CommunityRequest.of("hospital-a", "urn:oid:1.2.3").withKeyType(KeyType.EC_P256));
        trustStore = KeyStores.read(community.trustStore(),
                community.readPasswords().get("truststore.password").toCharArray());
        for (ClientKind k : ClientKind.values()) {
            CHAINS.put(k, chain(pki.client("c-" + k.cliName(), k, LabPki.DEFAULT_CA, null)));
        }
    }

    static X509Certificate[] chain(ClientFiles f) throws IOException {
        return Pem.readCertificates(f.chain()).toArray(new X509Certificate[0]);
    }

    static PartnerTrustManager manager(String crlSetting) throws Exception {
        TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        pkix.init(trustStore);
        return new PartnerTrustManager(trustStore, pkix.getTrustManagers(), CrlSource.fromSetting(crlSetting));
    }

    static String refusal(PartnerTrustManager tm, X509Certificate[] chain) {
        try {
            tm.checkClientTrusted(chain, "UNKNOWN");
            return null;
        } catch (CertificateException e) {
            return String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
        }
    }

    @Test
    void acceptsOnlyTheValidClient() throws Exception {
        PartnerTrustManager tm = manager(ca.crlFile().toString());
        long before = RejectionLog.total();
        for (ClientKind k : ClientKind.values()) {
            String r = refusal(tm, CHAINS.get(k));
            if (k == ClientKind.VALID) {
                assertEquals(null, r, "valid client refused");
            } else {
                assertNotNull(r, k + " accepted");
            }
        }
        assertEquals(ClientKind.values().length - 1, RejectionLog.total() - before, "each refusal recorded");
        assertTrue(refusal(tm, CHAINS.get(ClientKind.REVOKED)).contains("revoked"));
        assertTrue(refusal(tm, CHAINS.get(ClientKind.RSA_1024)).contains("RSA key of 1024 bits"));
        assertTrue(refusal(tm, CHAINS.get(ClientKind.SHA1)).contains("SHA1withRSA"));
        assertTrue(refusal(tm, CHAINS.get(ClientKind.CA_LEAF)).contains("CA certificate"));
        assertTrue(refusal(tm, CHAINS.get(ClientKind.WRONG_EKU)).contains("clientAuth"));
        assertTrue(refusal(tm, CHAINS.get(ClientKind.NO_DIGITAL_SIGNATURE)).contains("digitalSignature"));
    }

    @Test
    void withoutCrlTheKeyAndAlgorithmPolicyStillHolds() throws Exception {
        PartnerTrustManager tm = manager(null);
        assertEquals(null, refusal(tm, CHAINS.get(ClientKind.VALID)));
        assertEquals(null, refusal(tm, CHAINS.get(ClientKind.REVOKED)), "no CRL configured: revocation unknown");
        assertNotNull(refusal(tm, CHAINS.get(ClientKind.RSA_1024)));
        assertNotNull(refusal(tm, CHAINS.get(ClientKind.EXPIRED)));
    }

    @Test
    void aCrlWrittenWhileRunningIsReadAtTheNextHandshake() throws Exception {
        PartnerTrustManager tm = manager(ca.crlFile().toString());
        X509Certificate[] victim = chain(pki.client("victim", ClientKind.VALID, LabPki.DEFAULT_CA, null));
        assertEquals(null, refusal(tm, victim));
        pki.revoke(victim[0], org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        assertTrue(String.valueOf(refusal(tm, victim)).contains("revoked"));
        assertEquals(null, refusal(tm, CHAINS.get(ClientKind.VALID)));
    }

    @Test
    void staleOrMissingCrlRefusesEveryone() throws Exception {
        Path stale = dir.resolve("stale-crl.pem");
        Pem.writePublic(stale, staleCrl());
        assertTrue(String.valueOf(refusal(manager(stale.toString()), CHAINS.get(ClientKind.VALID)))
                .contains("revocation"), "hard fail on a CRL past its nextUpdate");
        assertTrue(String.valueOf(refusal(manager(dir.resolve("nope.pem").toString()), CHAINS.get(ClientKind.VALID)))
                .contains("revocation status unavailable"));
    }

    @Test
    void aTrustedCaWithoutCrlFailsItsCertificates() throws Exception {
        Path other = dir.resolve("other");
        LabPki second = new LabPki(other);
        second.init("ca-b", KeyType.EC_P256, Duration.ofDays(365), Duration.ofDays(30));
        CertificateAuthority caB = second.ca("ca-b");
        X509Certificate[] fromB = chain(second.client("b-client", ClientKind.VALID, "ca-b", null));
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("lab", ca.certificate());
        ts.setCertificateEntry("b", caB.certificate());
        TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        pkix.init(ts);
        PartnerTrustManager onlyLabCrl = new PartnerTrustManager(ts, pkix.getTrustManagers(),
                CrlSource.fromSetting(ca.crlFile().toString()));
        assertNotNull(refusal(onlyLabCrl, fromB));
        PartnerTrustManager bothCrls = new PartnerTrustManager(ts, pkix.getTrustManagers(),
                CrlSource.fromSetting(ca.crlFile() + "," + caB.crlFile().getParent()));
        assertEquals(null, refusal(bothCrls, fromB), "a directory in GATEWAY_TLS_CRL is read too");
    }

    @Test
    void serverCertificatesAreCheckedByThePlainJdkManager() throws Exception {
        PartnerTrustManager tm = manager(dir.resolve("nope.pem").toString());
        X509Certificate[] node = Pem.readCertificates(community.tlsCertificate()).toArray(new X509Certificate[0]);
        assertDoesNotThrow(() -> tm.checkServerTrusted(node, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(CHAINS.get(ClientKind.UNKNOWN_CA), "RSA"));
        assertEquals(1, tm.getAcceptedIssuers().length);
    }

    @Test
    void providerServesTheFactoryUnderBothNames() throws Exception {
        GatewayTlsProvider provider = new GatewayTlsProvider();
        assertNotNull(provider.getService("TrustManagerFactory", GatewayTlsProvider.ALGORITHM));
        assertNotNull(provider.getService("TrustManagerFactory", GatewayTlsProvider.SECURITY_PROPERTY_VALUE),
                "the JDK looks the property value up as an algorithm name");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(GatewayTlsProvider.ALGORITHM, provider);
        tmf.init(trustStore);
        TrustManager[] tms = tmf.getTrustManagers();
        assertTrue(tms[0] instanceof PartnerTrustManager);
    }

    @Test
    void realHandshakeThroughTheProvider() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(GatewayTlsProvider.ALGORITHM, new GatewayTlsProvider());
        tmf.init(trustStore);
        char[] ksPw = community.readPasswords().get("keystore.password").toCharArray();
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(TlsClients.keyManagers(community.keyStore(), ksPw), tmf.getTrustManagers(), null);
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            Thread t = new Thread(() -> serveForever(ss), "tls-test-server");
            t.setDaemon(true);
            t.start();
            var ok = TlsClients.get(TlsClients.context(new ClientFiles(pki.clientDir("c-valid"), ClientKind.VALID),
                    ca.certificate()), ss.getLocalPort(), "/", null, null);
            assertEquals(200, ok.status(), ok.toString());
            var sha1 = TlsClients.get(TlsClients.context(new ClientFiles(pki.clientDir("c-sha1"), ClientKind.SHA1),
                    ca.certificate()), ss.getLocalPort(), "/", null, null);
            assertTrue(sha1.handshakeRefused(), sha1.toString());
        }
    }

    private static void serveForever(SSLServerSocket ss) {
        while (!ss.isClosed()) {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                var in = s.getInputStream();
                int state = 0;
                while (state < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // a refused handshake: next connection
            }
        }
    }

    /** A CRL of the lab CA whose nextUpdate has passed. */
    private static java.security.cert.X509CRL staleCrl() throws Exception {
        char[] pw = SecretFiles.readPassword(ca.dir().resolve("ca.password"));
        PrivateKey key = (PrivateKey) KeyStores.read(ca.dir().resolve("ca.p12"), pw).getKey("ca", pw);
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofDays(10))));
        b.setNextUpdate(Date.from(now.minus(Duration.ofDays(1))));
        b.addCRLEntry(BigInteger.TEN, Date.from(now.minus(Duration.ofDays(10))), 1);
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }

    @Test
    void crlSourceListsFilesAndDirectories() throws Exception {
        Path d = Files.createDirectories(dir.resolve("crl-dir"));
        Files.copy(ca.crlFile(), d.resolve("a.pem"));
        Files.writeString(d.resolve("README"), "not a CRL");
        CrlSource s = CrlSource.fromSetting(" " + d + " , ");
        assertEquals(List.of(d.toAbsolutePath()), s.locations());
        assertEquals(null, CrlSource.fromSetting(" "));
    }
}
