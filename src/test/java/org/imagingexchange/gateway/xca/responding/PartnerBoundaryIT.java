// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.ws.WebServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.cxf.binding.soap.SoapFault;
import org.imagingexchange.gateway.security.pki.CertificateAuthority;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.PartnerFiles;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Catalogue cases that only the real server can show, against one gateway (Liberty started by
 * the launcher) with mutual TLS and a partner file naming partner B:
 * <ul>
 *   <li>TLS-06: a node certificate of a trusted CA that no partner registered passes the
 *       handshake (chain trust has no subject constraint) but never reaches a service: the XUA
 *       check binds the TLS client to the assertion issuer's partner;</li>
 *   <li>XML-10: a 300 MB non-MTOM envelope, a chunked body that never ends and a slow-drip body
 *       are cut at the gateway's limits (CXF maxTextLength / maxXMLCharacters, the minimum body
 *       rate), the server stays healthy and answers a valid request after each.</li>
 * </ul>
 * Each refusal leaves a Security Alert in the audit table ({@code GET /api/audit}) and no
 * transaction record (nothing was served).
 */
class PartnerBoundaryIT {
    static final String OUR_HCID = "urn:oid:1.3.6.1.4.1.21367.2026.95.1";
    static final String B_HCID = "urn:oid:1.3.6.1.4.1.21367.2026.94.1";
    static final String B_AUTHORITY = "1.3.6.1.4.1.21367.2026.94.3";
    static final String B_PATIENT_CX = "B-1^^^&" + B_AUTHORITY + "&ISO";
    static final String ITI18 = "urn:ihe:iti:2007:RegistryStoredQuery";

    static GatewayServer gateway;
    static CommunityFiles partner;
    static CommunityFiles intruder;
    static CertificateAuthority ca;
    static String httpsBase;

    @BeforeAll
    static void start() throws Exception {
        Path root = TestPaths.projectDir().resolve("target/it/boundary-pki-" + System.nanoTime());
        LabPki pki = new LabPki(root);
        ca = pki.init(LabPki.DEFAULT_CA, KeyType.EC_P256, Duration.ofDays(365), Duration.ofDays(30));
        CommunityFiles node = pki.community(LabPki.CommunityRequest.of("boundary-under-test", OUR_HCID)
                .withKeyType(KeyType.EC_P256));
        partner = pki.community(LabPki.CommunityRequest.of("partner-b", B_HCID)
                .withKeyType(KeyType.EC_P256));
        intruder = pki.community(LabPki.CommunityRequest.of("intruder", "urn:oid:1.3.6.1.4.1.21367.2026.93.1")
                .withKeyType(KeyType.EC_P256));
        Path partners = PartnerFiles.naming(partner, "partner-b", B_HCID, root.resolve("partners"));
        int httpsPort = GatewayServer.freePort();
        Map<String, String> settings = new HashMap<>(node.readEnv());
        settings.putAll(Map.of(
                "GATEWAY_HTTPS_PORT", Integer.toString(httpsPort),
                "GATEWAY_START_TIMEOUT", "600",
                "GATEWAY_HOME_COMMUNITY_ID", OUR_HCID,
                "GATEWAY_PARTNERS_FILE", partners.toString(),
                "GATEWAY_SOAP_REQUEST_GRACE_SECONDS", "3"));
        gateway = GatewayServer.start("boundary", settings);
        httpsBase = "https://localhost:" + httpsPort;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @DisplayName("TLS-06 trusted CA, no partner: the handshake passes, the request is refused before any service")
    void TLS_06_trusted_ca_but_no_partner() throws Exception {
        // control: B's own node certificate with B's assertion is served
        PartnerClient partnerB = new PartnerClient(partner, ca.certificate(), B_HCID, B_HCID, OUR_HCID, httpsBase);
        var ok = partnerB.iti38(partnerB.assertion(B_PATIENT_CX))
                .documentRegistryRegistryStoredQuery(RespondingGatewayIT.findDocuments(B_PATIENT_CX));
        assertTrue(ok.getStatus() != null, "B itself gets an ebRS answer");
        int servedBefore = records("ITI-38");

        PartnerClient asIntruder = new PartnerClient(partner, ca.certificate(), B_HCID, B_HCID, OUR_HCID, httpsBase)
                .presenting(intruder);
        WebServiceException e = assertThrows(WebServiceException.class, () -> asIntruder.iti38(
                asIntruder.assertion(B_PATIENT_CX)).documentRegistryRegistryStoredQuery(
                RespondingGatewayIT.findDocuments(B_PATIENT_CX)));
        SoapFault fault = assertInstanceOf(SoapFault.class, e.getCause(), e::toString);
        assertEquals("Sender", fault.getFaultCode().getLocalPart());
        assertEquals("FailedAuthentication", fault.getSubCode().getLocalPart(), fault::toString);
        assertFalse(fault.getMessage().contains("intruder") || fault.getMessage().contains("XUA"), fault.getMessage());

        assertEquals(servedBefore, records("ITI-38"), "no ITI-38 was served: nothing queried or returned");
        String alerts = gateway.get("/api/audit?event=SECURITY-ALERT&limit=500").body();
        assertTrue(alerts.contains("XUA-025 TLS_IDENTITY") && alerts.contains("CN=intruder"),
                "a Node Authentication alert naming the unregistered certificate: " + alerts);
        assertTrue(Files.readString(gateway.messagesLog()).contains("XUA-025"), "logged");
    }

    @Test
    @DisplayName("XML-10 a 300 MB envelope (one base64 text node) is cut at the text limit, heap stays bounded")
    void XML_10_huge_envelope() throws Exception {
        int before = faultAlerts();
        long total = 300L * 1024 * 1024;
        Sent sent = send("Content-Length: " + (total) + "\r\n", out -> {
            byte[] head = envelopeStart().getBytes(StandardCharsets.UTF_8);
            out.write(head);
            byte[] base64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3".repeat(1600).getBytes(StandardCharsets.US_ASCII);
            long left = total - head.length;
            while (left > 0) {
                int n = (int) Math.min(base64.length, left);
                out.write(base64, 0, n);
                left -= n;
            }
        });
        assertCut(sent, total, "Text size limit (16777216) exceeded", before);
    }

    @Test
    @DisplayName("XML-10 a chunked body that never ends (1 MB elements) is cut at the overall XML size limit")
    void XML_10_endless_chunked_body() throws Exception {
        int before = faultAlerts();
        Sent sent = send("Transfer-Encoding: chunked\r\n", out -> {
            chunk(out, envelopeStart().getBytes(StandardCharsets.UTF_8));
            byte[] element = ("</rim:Value><rim:Value>" + "QUJD".repeat(256 * 1024)).getBytes(StandardCharsets.US_ASCII);
            while (true) {
                chunk(out, element);
            }
        });
        assertCut(sent, Long.MAX_VALUE, "Maximum document characters limit (67108864) exceeded", before);
    }

    @Test
    @DisplayName("XML-10 a slow-drip body (one byte a second) is cut at the minimum body rate")
    void XML_10_slow_drip() throws Exception {
        int before = faultAlerts();
        long t0 = System.nanoTime();
        Sent sent = send("Transfer-Encoding: chunked\r\n", out -> {
            for (byte b : envelopeStart().getBytes(StandardCharsets.UTF_8)) {
                chunk(out, new byte[] {b});
                sleep(1000);
            }
        });
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertTrue(seconds < 30, "cut after the 3 s grace, not after the whole body: " + seconds + " s");
        assertCut(sent, Long.MAX_VALUE, "minimum rate", before);
    }

    // --- helpers

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** What a raw HTTP/1.1 client saw: bytes it got out before the server stopped it, and the answer if any. */
    record Sent(long bytes, String answer) {}

    /** POSTs to the local ITI-18 endpoint over plain HTTP, writing the body on another thread while reading the answer. */
    static Sent send(String framing, Body body) throws Exception {
        URI base = URI.create(gateway.httpBase());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(120_000);
            AtomicLong written = new AtomicLong();
            OutputStream raw = s.getOutputStream();
            OutputStream counting = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    raw.write(b);
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    raw.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            Thread writer = new Thread(() -> {
                try {
                    counting.write(("POST /services/xds/iti18 HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                            + "Content-Type: application/soap+xml; charset=UTF-8; action=\"" + ITI18 + "\"\r\n"
                            + framing + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    body.write(counting);
                    counting.flush();
                } catch (IOException stopped) {
                    // the server closed the connection: what the test wants to see
                }
            }, "xml-10-writer");
            writer.setDaemon(true);
            writer.start();
            String answer;
            try {
                InputStream in = s.getInputStream();
                byte[] head = in.readNBytes(512);
                answer = new String(head, StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                answer = "";
            }
            s.close();
            writer.join(30_000);
            return new Sent(written.get(), answer);
        }
    }

    /** Refused before the whole body was taken; the server is healthy and serves a valid request; an alert exists. */
    static void assertCut(Sent sent, long bodyBytes, String reason, int alertsBefore) throws Exception {
        assertTrue(sent.answer().isEmpty() || sent.answer().startsWith("HTTP/1.1 400"), sent.answer());
        assertTrue(sent.bytes() < Math.min(bodyBytes, 200L * 1024 * 1024),
                "the server stopped reading early: " + sent.bytes() + " bytes sent");
        HttpResponse<String> health = gateway.get("/health/ready");
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> valid = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(URI.create(gateway.soapUrl("xds/iti18")))
                .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + ITI18 + "\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(validQuery())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, valid.statusCode(), valid.body());
        assertTrue(valid.body().contains("RegistryResponse") || valid.body().contains("AdhocQueryResponse"), valid.body());
        String alerts = gateway.get("/api/audit?event=SECURITY-ALERT&limit=500").body();
        assertTrue(count(alerts, "SOAP-FAULT-002") > alertsBefore && alerts.contains(reason),
                "a Use of Restricted Function alert with the reason '" + reason + "': " + alerts);
        String log = Files.readString(gateway.messagesLog());
        assertFalse(log.contains("OutOfMemoryError") || log.contains("StackOverflowError"), "no heap or stack blow-up");
    }

    /** A SOAP 1.2 ITI-18 envelope up to its Body's content: WS-Addressing Action and a fresh MessageID. */
    static String head() {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header><a:Action s:mustUnderstand=\"1\">" + ITI18
                + "</a:Action><a:MessageID>urn:uuid:" + java.util.UUID.randomUUID() + "</a:MessageID></s:Header><s:Body>";
    }

    static String envelopeStart() {
        return head() + "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\" "
                + "xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"><query:ResponseOption returnType=\"LeafClass\"/>"
                + "<rim:AdhocQuery id=\"urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d\"><rim:Slot name=\"$XDSDocumentEntryPatientId\">"
                + "<rim:ValueList><rim:Value>"; // schema-valid up to here: only the size can stop it
    }

    static String validQuery() throws Exception {
        var request = RespondingGatewayIT.findDocuments("XML10-1^^^&1.3.6.1.4.1.21367.2026.95.3&ISO");
        var ctx = jakarta.xml.bind.JAXBContext.newInstance(request.getClass());
        var out = new java.io.StringWriter();
        var m = ctx.createMarshaller();
        m.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true);
        m.marshal(request, out);
        return head() + out + "</s:Body></s:Envelope>";
    }

    static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static int faultAlerts() throws Exception {
        return count(gateway.get("/api/audit?event=SECURITY-ALERT&limit=500").body(), "SOAP-FAULT-002");
    }

    static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    static int records(String event) throws Exception {
        String body = gateway.get("/api/audit?event=" + event + "&limit=500").body();
        return body.split("\"eventId\"", -1).length - 1;
    }
}
