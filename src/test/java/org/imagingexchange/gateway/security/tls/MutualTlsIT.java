// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imagingexchange.gateway.audit.AuditRepository;
import org.imagingexchange.gateway.security.pki.CertificateAuthority;
import org.imagingexchange.gateway.security.pki.ClientFiles;
import org.imagingexchange.gateway.security.pki.ClientKind;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.pki.Pem;
import org.imagingexchange.gateway.security.pki.SecretFiles;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.MiniJson;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CATALOGUE section 5 against one real gateway with mutual TLS on its HTTPS port, configured
 * from a lab PKI made by {@code security.pki} exactly as {@code ./gateway certs} makes it: real
 * handshakes from the JDK and from {@code openssl s_client}. A refused certificate, protocol or
 * cipher suite ends the handshake: the client never gets an HTTP status, so nothing reached
 * the application. Plain HTTP stays on for local consumers (the embedded demo setting), and the
 * partner path is refused there. Every refused certificate must leave its ATNA Security Alert
 * (110113 / Node Authentication 110126) in {@code GET /api/audit} within seconds (TLS-14), and
 * the alerts reach a real Audit Record Repository (rsyslog over TLS) as valid DICOM audit messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MutualTlsIT {
    static final String CA_B = "ca-b";
    /** What the openssl probes type once connected: one HTTP request (with -crlf), then wait for the answer. */
    static final String REQUEST = "sleep 1000\nGET /health/ready HTTP/1.0\n\nsleep 4000";
    static Path root;
    static LabPki pki;
    static CertificateAuthority ca;
    static CommunityFiles node;
    static final Map<ClientKind, ClientFiles> CLIENTS = new EnumMap<>(ClientKind.class);
    static ClientFiles partnerB;
    static GatewayServer gateway;
    static AuditRepository auditRepository;
    static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        root = TestPaths.projectDir().resolve("target/it/tls-pki-" + System.nanoTime());
        pki = new LabPki(root);
        ca = pki.init(LabPki.DEFAULT_CA, KeyType.RSA_3072, Duration.ofDays(3650), Duration.ofDays(30));
        pki.init(CA_B, KeyType.EC_P256, Duration.ofDays(365), Duration.ofDays(30));
        node = pki.community(LabPki.CommunityRequest.of("gateway-under-test", "urn:oid:1.3.6.1.4.1.21367.2026.77.1"));
        for (ClientKind k : ClientKind.values()) {
            CLIENTS.put(k, pki.client("c-" + k.cliName(), k, LabPki.DEFAULT_CA, "urn:oid:1.3.6.1.4.1.21367.2026.77.2"));
        }
        partnerB = pki.client("partner-b", ClientKind.VALID, CA_B, "urn:oid:1.3.6.1.4.1.21367.2026.77.3");
        httpsPort = GatewayServer.freePort();
        Map<String, String> settings = new HashMap<>(node.readEnv());
        settings.put("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort));
        settings.put("GATEWAY_START_TIMEOUT", "600");
        auditRepository = AuditRepository.start(root.resolve("audit-repository"));
        settings.putAll(auditRepository.gatewaySettings());
        gateway = GatewayServer.start("mutual-tls", settings);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (auditRepository != null) {
                auditRepository.close();
            }
        }
    }

    static TlsClients.Outcome get(ClientKind kind) throws Exception {
        return get(kind == null ? null : CLIENTS.get(kind), null, null);
    }

    static TlsClients.Outcome get(ClientFiles client, String[] protocols, String[] suites) throws Exception {
        SSLContext ctx = TlsClients.context(client, ca.certificate());
        return TlsClients.get(ctx, httpsPort, "/health/ready", protocols, suites);
    }

    /** Refused over TLS 1.3 and 1.2, and both refusals audited with the reason. */
    static void assertRefused(ClientKind kind) throws Exception {
        Instant before = Instant.now();
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            TlsClients.Outcome o = get(CLIENTS.get(kind), new String[] {protocol}, null);
            assertTrue(o.handshakeRefused(), kind + " over " + protocol + " was let in: " + o);
        }
        assertAudited(CLIENTS.get(kind), before, 2, REASONS.get(kind));
    }

    /** What the audited reason of each kind says (the JDK's or ClientCertificatePolicy's words). */
    static final Map<ClientKind, String> REASONS = Map.of(
            ClientKind.UNKNOWN_CA, "unable to find valid certification path",
            ClientKind.SELF_SIGNED, "unable to find valid certification path",
            ClientKind.EXPIRED, "validity check failed",
            ClientKind.NOT_YET_VALID, "validity check failed",
            ClientKind.REVOKED, "revoked",
            ClientKind.RSA_1024, "RSA key of 1024 bits",
            ClientKind.SHA1, "SHA1withRSA",
            ClientKind.WRONG_EKU, "clientAuth",
            ClientKind.NO_DIGITAL_SIGNATURE, "digitalSignature",
            ClientKind.CA_LEAF, "CA certificate");

    /**
     * TLS-14: {@code GET /api/audit} lists, within seconds, at least {@code count} Security Alerts
     * (110113, Node Authentication 110126, serious failure) since {@code since} naming the
     * client's certificate (subject, issuer, serial) and the reason.
     */
    static List<Map<String, Object>> assertAudited(ClientFiles client, Instant since, int count, String reason)
            throws Exception {
        X509Certificate cert = Pem.readCertificates(client.certificate()).get(0);
        String names = "subject=" + cert.getSubjectX500Principal().getName() + ", issuer="
                + cert.getIssuerX500Principal().getName() + ", serial=" + cert.getSerialNumber().toString(16) + ",";
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            List<Map<String, Object>> alerts = MiniJson.list(gateway.get("/api/audit?event=110126&limit=500&from="
                    + since).body()).stream().filter(a -> String.valueOf(a.get("description")).contains(names)).toList();
            if (alerts.size() >= count) {
                for (Map<String, Object> a : alerts) {
                    assertEquals("110113", a.get("eventId"));
                    assertEquals(8, ((Number) a.get("outcome")).intValue(), "serious failure");
                    assertTrue(String.valueOf(a.get("description")).contains(reason), a.toString());
                }
                return alerts;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " Node Authentication alert(s) expected for " + names + " since "
                        + since + ", found " + alerts);
            }
            Thread.sleep(250);
        }
    }

    /**
     * TLS-14 for TLS-01/09/10: at least {@code count} Security Alerts (110113 / 110126, serious
     * failure) since {@code since} for handshakes Liberty refused before any certificate check,
     * naming the client (127.0.0.1, as the description and as the alert's source) and the JDK's reason,
     * within 10 s. They come from Liberty's CWWKO0801E lines ({@code LibertyHandshakeLog}).
     */
    static void assertHandshakeAudited(Instant since, int count, String reason) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            List<Map<String, Object>> alerts = MiniJson.list(gateway.get("/api/audit?event=110126&limit=500&from="
                    + since).body()).stream().filter(a -> String.valueOf(a.get("description"))
                    .contains("TLS handshake refused on the partner TLS port from 127.0.0.1:")
                    && String.valueOf(a.get("description")).contains(reason)).toList();
            if (alerts.size() >= count) {
                for (Map<String, Object> a : alerts) {
                    assertEquals("110113", a.get("eventId"));
                    assertEquals(8, ((Number) a.get("outcome")).intValue(), "serious failure");
                    assertEquals("127.0.0.1", a.get("remoteAddress"), "the client is the alert's source: " + a);
                }
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " alert(s) expected for handshakes refused from 127.0.0.1 with \""
                        + reason + "\" since " + since + ", found " + alerts);
            }
            Thread.sleep(250);
        }
    }

    static String ca() {
        return ca.certificateFile().toString();
    }

    @Test
    @Order(1)
    @DisplayName("TLS baseline: a valid partner certificate gets /health/ready over TLS 1.3 and TLS 1.2")
    void validPartnerCertificate() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            TlsClients.Outcome o = get(CLIENTS.get(ClientKind.VALID), new String[] {protocol}, null);
            assertEquals(200, o.status(), o.toString());
            assertEquals(protocol, o.protocol());
            assertTrue(o.body().contains("\"UP\""), o.body());
        }
        TlsClients.Outcome b = get(partnerB, null, null);
        assertEquals(200, b.status(), "a partner of the second trusted CA (EC P-256): " + b);
    }

    @Test
    @DisplayName("TLS-01 no client certificate: handshake refused (JDK and openssl, TLS 1.3 and 1.2)")
    void tls01NoClientCertificate() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            Instant before = Instant.now();
            TlsClients.Outcome o = get(null, new String[] {protocol}, null);
            assertTrue(o.handshakeRefused(), "no certificate over " + protocol + ": " + o);
            assertHandshakeAudited(before, 1, "Empty client certificate chain");
        }
        for (String protocol : List.of("-tls1_2", "-tls1_3")) {
            OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), null, REQUEST, protocol, "-crlf");
            assertTrue(r.output().contains("CONNECTED("), r.toString());
            assertFalse(r.output().contains("HTTP/1."), "served without a certificate: " + r);
        }
    }

    @Test
    @DisplayName("TLS-02 client certificate from an unknown CA, and a self-signed one: refused")
    void tls02UnknownCaAndSelfSigned() throws Exception {
        assertRefused(ClientKind.UNKNOWN_CA);
        assertRefused(ClientKind.SELF_SIGNED);
    }

    @Test
    @DisplayName("TLS-03 expired and not-yet-valid client certificates: refused")
    void tls03ExpiredAndNotYetValid() throws Exception {
        assertRefused(ClientKind.EXPIRED);
        assertRefused(ClientKind.NOT_YET_VALID);
    }

    @Test
    @DisplayName("TLS-04 client certificate listed in the CRL file: refused (JDK and openssl)")
    void tls04RevokedInCrl() throws Exception {
        assertRefused(ClientKind.REVOKED);
        OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.REVOKED), REQUEST,
                "-tls1_2", "-crlf");
        assertFalse(r.output().contains("HTTP/1."), r.toString());
    }

    @Test
    @DisplayName("TLS-04 revoking while running: ./gateway certs revoke takes effect at the next handshake")
    void tls04RevokedWhileRunning() throws Exception {
        ClientFiles victim = pki.client("victim", ClientKind.VALID, LabPki.DEFAULT_CA, null);
        assertEquals(200, get(victim, null, null).status());
        ProcessBuilder pb = new ProcessBuilder(TestPaths.projectDir().resolve("gateway").toString(), "certs", "revoke",
                "--out", root.toString(), "--cert", victim.certificate().toString())
                .redirectErrorStream(true);
        pb.environment().put("GATEWAY_SKIP_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("revoked serial"), out);
        Instant before = Instant.now();
        TlsClients.Outcome after = get(victim, null, null);
        assertTrue(after.handshakeRefused(), "revoked at run time, still let in: " + after);
        assertAudited(victim, before, 1, "revoked");
        assertEquals(200, get(ClientKind.VALID).status(), "other partners unaffected");
    }

    @Test
    @DisplayName("TLS-04 hard fail: a stale or missing CRL of a trusted CA refuses that CA's certificates")
    void tls04StaleCrlHardFails() throws Exception {
        CertificateAuthority caB = pki.ca(CA_B);
        assertEquals(200, get(partnerB, null, null).status());
        Path crl = caB.crlFile();
        Path tmp = crl.resolveSibling("stale.tmp");
        Pem.writePublic(tmp, staleCrl(caB));
        Files.move(tmp, crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            Instant before = Instant.now();
            TlsClients.Outcome stale = get(partnerB, null, null);
            assertTrue(stale.handshakeRefused(), "CRL past nextUpdate, still let in: " + stale);
            assertAudited(partnerB, before, 1, "revocation");
            assertEquals(200, get(ClientKind.VALID).status(), "the other CA's partners are unaffected");
        } finally {
            caB.reissueCrl(Duration.ofDays(30));
        }
        assertEquals(200, get(partnerB, null, null).status(), "a fresh CRL lets the partner in again");
    }

    @Test
    @DisplayName("TLS-07 wrong key usage: serverAuth-only EKU, no digitalSignature, CA:TRUE leaf: refused")
    void tls07WrongKeyUsage() throws Exception {
        assertRefused(ClientKind.WRONG_EKU);
        assertRefused(ClientKind.NO_DIGITAL_SIGNATURE);
        assertRefused(ClientKind.CA_LEAF);
    }

    @Test
    @DisplayName("TLS-08 weak certificate crypto: RSA 1024 key, SHA-1 signature: refused")
    void tls08WeakCertificateCrypto() throws Exception {
        assertRefused(ClientKind.RSA_1024);
        assertRefused(ClientKind.SHA1);
        OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.RSA_1024), REQUEST,
                "-tls1_2", "-crlf", "-cipher", "DEFAULT@SECLEVEL=0");
        assertFalse(r.output().contains("HTTP/1."), r.toString());
    }

    @Test
    @DisplayName("TLS-09 old protocols: TLS 1.0 and 1.1 ClientHello get no session")
    void tls09OldProtocols() throws Exception {
        Instant before = Instant.now();
        for (String option : List.of("-tls1", "-tls1_1")) {
            OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), "Q",
                    option, "-cipher", "DEFAULT@SECLEVEL=0");
            assertOffered(r);
            assertFalse(r.negotiated(), option + " negotiated: " + r);
            assertFalse(r.output().contains("Server certificate"), "no ServerHello/Certificate for " + option);
        }
        assertHandshakeAudited(before, 1, "Client requested protocol TLSv1 is not enabled");
        assertHandshakeAudited(before, 1, "Client requested protocol TLSv1.1 is not enabled");
    }

    @Test
    @DisplayName("TLS-10 weak suites refused (static RSA, CBC, NULL, FFDHE); BCP 195 suites accepted")
    void tls10CipherSuites() throws Exception {
        Instant before = Instant.now();
        for (String weak : List.of("AES128-SHA", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384",
                "NULL-SHA256", "DHE-RSA-AES128-GCM-SHA256")) {
            OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), "Q",
                    "-tls1_2", "-cipher", weak + "@SECLEVEL=0");
            assertOffered(r);
            assertFalse(r.negotiated(), weak + " accepted: " + r);
        }
        for (String good : List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-RSA-CHACHA20-POLY1305")) {
            OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), "Q",
                    "-tls1_2", "-cipher", good);
            assertEquals(good, r.cipher(), r.toString());
        }
        for (String good : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")) {
            OpensslProbe.Result r = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), "Q",
                    "-tls1_3", "-ciphersuites", good);
            assertEquals(good, r.cipher(), r.toString());
        }
        TlsClients.Outcome jdk = get(CLIENTS.get(ClientKind.VALID), new String[] {"TLSv1.2"},
                new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"});
        assertTrue(jdk.handshakeRefused(), "JDK client offering CBC suites only: " + jdk);
        // six openssl probes and the JDK client
        assertHandshakeAudited(before, 7, "no cipher suites in common");
    }

    @Test
    @DisplayName("TLS-12 client renegotiation refused, no compression, TLS 1.2 fallback SCSV refused")
    void tls12RenegotiationCompressionDowngrade() throws Exception {
        OpensslProbe.Result plain = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), REQUEST,
                "-tls1_2", "-crlf");
        assertTrue(plain.output().contains(" 200 OK"), "baseline: the probe's request is answered: " + plain);
        OpensslProbe.Result reneg = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID),
                "sleep 1000\nR\nsleep 3000\nGET /health/ready HTTP/1.0\n\nsleep 3000", "-tls1_2", "-crlf");
        assertTrue(reneg.output().contains("Compression: NONE"), reneg.toString());
        assertTrue(reneg.output().contains("RENEGOTIATING"), "the probe did ask: " + reneg);
        assertFalse(reneg.output().contains(" 200 OK"), "renegotiated and served: " + reneg);

        OpensslProbe.Result fallback = OpensslProbe.connect(httpsPort, ca(), CLIENTS.get(ClientKind.VALID), "Q",
                "-tls1_2", "-fallback_scsv");
        assertFalse(fallback.negotiated(), "downgraded to TLS 1.2 on a fallback retry: " + fallback);
    }

    @Test
    @DisplayName("TLS-13 plaintext: HTTP on the TLS port gets no HTTP answer; the partner path is refused on plain HTTP")
    void tls13Plaintext() throws Exception {
        try (Socket s = new Socket("127.0.0.1", httpsPort)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET /health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readSome(s.getInputStream()), StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/"), "plain HTTP answered on the TLS port: " + answer);
        }
        HttpResponse<String> rg = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.soapUrl("rg/iti38"))).header("Content-Type", "application/soap+xml")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, rg.statusCode(), rg.body());
        assertEquals(200, gateway.get("/health/ready").statusCode(), "local consumers keep plain HTTP");
        SSLContext ctx = TlsClients.context(CLIENTS.get(ClientKind.VALID), ca.certificate());
        TlsClients.Outcome overTls = TlsClients.get(ctx, httpsPort, "/services/rg/iti38", null, null);
        assertFalse(overTls.handshakeRefused(), overTls.toString());
        assertFalse(overTls.body().contains("partner endpoints require mutual TLS"),
                "the partner path over mutual TLS must pass the filter: " + overTls + " " + overTls.body());
    }

    @Test
    @DisplayName("TLS-01..08 under load: valid partners keep getting in while hostile handshakes run")
    void validPartnerWhileUnderAttack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<TlsClients.Outcome>> hostile = new ArrayList<>();
            List<Future<TlsClients.Outcome>> valid = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (ClientKind k : ClientKind.values()) {
                    if (k != ClientKind.VALID) {
                        hostile.add(pool.submit(() -> get(k)));
                    }
                }
                hostile.add(pool.submit(() -> get((ClientFiles) null, null, null)));
                valid.add(pool.submit(() -> get(ClientKind.VALID)));
            }
            for (Future<TlsClients.Outcome> f : hostile) {
                assertTrue(f.get().handshakeRefused(), f.get().toString());
            }
            for (Future<TlsClients.Outcome> f : valid) {
                assertEquals(200, f.get().status(), f.get().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("TLS-14 (log part): every refused certificate is logged with subject and reason; TLS-01/09/10 only by Liberty")
    void tls14RefusalsAreLogged() throws Exception {
        String log = Files.readString(gateway.messagesLog());
        for (ClientKind k : ClientKind.values()) {
            if (k != ClientKind.VALID) {
                assertTrue(log.contains("GWTLS0001W client certificate refused: subject=CN=c-" + k.cliName() + ","),
                        "no refusal logged for " + k);
            }
        }
        // TLS-01, 09 and 10 never reach code of ours: Liberty's CWWKO0801E, with the client's address, is the record
        // their alerts are made from. Liberty logs at most 100 failed handshakes per channel; this class causes about 72.
        List<String> liberty = log.lines().filter(l -> l.contains("CWWKO0801E") && l.contains("from the 127.0.0.1 host"))
                .toList();
        for (String reason : List.of("Empty client certificate chain", "Client requested protocol TLSv1 is not enabled",
                "Client requested protocol TLSv1.1 is not enabled", "no cipher suites in common")) {
            assertTrue(liberty.stream().anyMatch(l -> l.endsWith(reason) || l.contains(reason + " ")),
                    "Liberty logs the refused handshake with the client's address: " + reason);
        }
        assertTrue(log.contains("GWTLS0002I client certificate revocation checking"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("TLS-14 (ATNA part): each refused certificate's Security Alert reached the syslog-TLS repository, valid")
    void tls14AlertsReachTheAuditRepository() throws Exception {
        for (ClientKind k : ClientKind.values()) {
            if (k != ClientKind.VALID) {
                List<String> xml = auditRepository.awaitMessages(Duration.ofSeconds(30), "csd-code=\"110113\"",
                        "csd-code=\"110126\"", "subject=CN=c-" + k.cliName() + ",");
                assertTrue(xml.get(0).contains("EventOutcomeIndicator=\"8\""), xml.get(0));
            }
        }
    }

    /** The probe did send its ClientHello (openssl did not refuse the options itself). */
    private static void assertOffered(OpensslProbe.Result r) {
        assertTrue(r.output().contains("CONNECTED("), "openssl did not connect: " + r);
        assertFalse(r.output().contains("no cipher match") || r.output().contains("no protocols available"),
                "openssl could not offer it: " + r);
    }

    private static byte[] readSome(InputStream in) throws IOException {
        try {
            return in.readNBytes(64);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A CRL of {@code ca} whose nextUpdate has passed, signed with its key. */
    static java.security.cert.X509CRL staleCrl(CertificateAuthority ca) throws Exception {
        char[] pw = SecretFiles.readPassword(ca.dir().resolve("ca.password"));
        PrivateKey key = (PrivateKey) KeyStores.read(ca.dir().resolve("ca.p12"), pw).getKey("ca", pw);
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofDays(10))));
        b.setNextUpdate(Date.from(now.minus(Duration.ofDays(1))));
        b.addCRLEntry(BigInteger.TEN, Date.from(now.minus(Duration.ofDays(10))), 1);
        String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder(alg).build(key)));
    }
}
