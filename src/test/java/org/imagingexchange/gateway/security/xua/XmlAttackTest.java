// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CATALOGUE section 2 (XML-01 to XML-13) against an XUA-protected endpoint: hostile XML around
 * or inside the security header. Each is refused with a Sender fault (CXF's parser refuses any
 * DTD; the XML limits of the bus and of the assertion bound the rest), the service is never
 * invoked, nothing is fetched from the canary and nothing of the input is echoed.
 */
class XmlAttackTest {
    private static EndpointHarness gw;
    private static Canary canary;

    @BeforeAll
    static void start() throws Exception {
        gw = new EndpointHarness();
        canary = new Canary();
    }

    @AfterAll
    static void stop() {
        canary.close();
        gw.close();
    }

    /** A valid, signed request of partner A, as text. */
    private static String valid() {
        return ValidatorHarness.validA().text();
    }

    /**
     * Sends {@code xml}; asserts a Sender fault, no invocation, no canary hit, and the Security
     * Alert of a message refused by the parser or the XML limits; returns the answer.
     */
    private static EndpointHarness.Answer refused(String xml) throws Exception {
        return refused(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static EndpointHarness.Answer refused(byte[] body) throws Exception {
        return refused(body, SecurityAlert.Type.RESTRICTED_FUNCTION, "SOAP-FAULT-002 invalid request");
    }

    /** As {@link #refused(String)} for input that parses and is refused by the XUA check (its alert type and reason). */
    private static EndpointHarness.Answer refusedByXua(String xml, XuaFailure failure) throws Exception {
        return refused(xml.getBytes(StandardCharsets.UTF_8), AuditTrail.typeOf(failure), failure.code() + " " + failure);
    }

    private static EndpointHarness.Answer refused(byte[] body, SecurityAlert.Type alert, String reason) throws Exception {
        int before = gw.stub.calls.get();
        int hits = canary.hits();
        long mark = gw.audit.lastAlertId();
        long t0 = System.nanoTime();
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, body, XuaFixture.tlsA());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFault(a);
        gw.assertAudited(mark, alert, reason);
        assertEquals(before, gw.stub.calls.get(), "the service was not invoked");
        assertEquals(hits, canary.hits(), "no outbound connection");
        assertTrue(ms < 10_000, "refused within a bounded time: " + ms + " ms");
        assertFalse(a.body().contains("root:") || a.body().contains("DOCTYPE") || a.body().contains("ENTITY"), a.body());
        return a;
    }

    /** A SOAP 1.2 Sender fault (400) without detail, undecodable bytes included. */
    private static void assertFault(EndpointHarness.Answer a) {
        EndpointHarness.assertFault(a, null, null);
    }

    private static String withDoctype(String doctype, String xml) {
        return doctype + xml;
    }

    @Test
    @DisplayName("XML-01 XXE general entity (file:///etc/passwd) in NameID and in a query slot: Sender fault, nothing echoed")
    void XML_01_xxe_file() throws Exception {
        String xml = valid().replace("dr.house@hospital-a.example", "&x;").replace("'IIG-DEPT1021", "'&x;");
        refused(withDoctype("<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", xml));
    }

    @Test
    @DisplayName("XML-02 external DTD and external entity to a canary (SSRF): Sender fault, zero canary hits")
    void XML_02_remote_dtd() throws Exception {
        refused(withDoctype("<!DOCTYPE s:Envelope PUBLIC \"-//B/A/EN\" \"" + canary.url("/dtd") + "\">", valid()));
        String xml = valid().replace("dr.house@hospital-a.example", "&x;");
        refused(withDoctype("<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"" + canary.url("/latest/meta-data/") + "\">]>", xml));
    }

    @Test
    @DisplayName("XML-03 parameter-entity out-of-band exfiltration: Sender fault, zero canary hits")
    void XML_03_parameter_entity() throws Exception {
        refused(withDoctype("<!DOCTYPE s:Envelope [<!ENTITY % d SYSTEM \"" + canary.url("/evil.dtd") + "\"> %d;]>", valid()));
    }

    @Test
    @DisplayName("XML-04 billion laughs in the header and in an attribute value: fault in bounded time")
    void XML_04_billion_laughs() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        refused(dtd + valid().replace("dr.house@hospital-a.example", "&lol9;"));
        refused(dtd + valid().replace("<wsu:Timestamp ", "<wsu:Timestamp x=\"&lol9;\" "));
    }

    @Test
    @DisplayName("XML-05 quadratic blowup (100 kB entity referenced 20,000 times) and parameter-entity indirection")
    void XML_05_quadratic() throws Exception {
        String big = "a".repeat(100_000);
        refused("<!DOCTYPE s:Envelope [<!ENTITY a \"" + big + "\">]>"
                + valid().replace("dr.house@hospital-a.example", "&a;".repeat(20_000)));
        refused("<!DOCTYPE s:Envelope [<!ENTITY % a \"<!ENTITY &#x25; b 'x'>\"> %a; %b;]>" + valid());
    }

    @Test
    @DisplayName("XML-06 XInclude inside the assertion: not processed (signature fails), zero canary hits")
    void XML_06_xinclude() throws Exception {
        String xml = valid().replace("<saml2:Subject>", "<saml2:Subject><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                + "href=\"" + canary.url("/xinclude") + "\" parse=\"text\"/>");
        EndpointHarness.Answer a = refusedByXua(xml, XuaFailure.SIGNATURE_INVALID);
        assertEquals(WsSecurityFaults.GENERIC, EndpointHarness.assertFault(a, WssNames.WSSE, "FailedCheck"));
    }

    @Test
    @DisplayName("XML-06 xsi:schemaLocation and an xml-stylesheet PI pointing to a canary are never fetched")
    void XML_06_schema_location_and_stylesheet() throws Exception {
        int hits = canary.hits();
        String schema = valid().replaceFirst("<s:Envelope ", "<s:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:schemaLocation=\"urn:x " + canary.url("/x.xsd") + "\" ");
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, schema.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA());
        assertEquals(200, a.status(), "schemaLocation is ignored: " + a.body());
        String pi = "<?xml-stylesheet type=\"text/xsl\" href=\"" + canary.url("/s.xsl") + "\"?>" + valid();
        EndpointHarness.Answer b = gw.post(EndpointHarness.PROTECTED, pi.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA());
        assertTrue(b.status() == 200 || b.status() == 400, "PI ignored or refused: " + b.body());
        assertEquals(hits, canary.hits(), "nothing fetched");
    }

    @Test
    @DisplayName("XML-07 10,000 nested elements inside wsse:Security: fault at the depth limit")
    void XML_07_deep_nesting() throws Exception {
        String nest = "<d>".repeat(10_000) + "</d>".repeat(10_000);
        refused(valid().replace("<wsu:Timestamp ", nest + "<wsu:Timestamp "));
    }

    @Test
    @DisplayName("XML-08 attribute flood (10,000 attributes, 10,000 namespace declarations) in the header")
    void XML_08_attribute_flood() throws Exception {
        StringBuilder attrs = new StringBuilder();
        StringBuilder ns = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            attrs.append(" a").append(i).append("=\"x\"");
            ns.append(" xmlns:p").append(i).append("=\"urn:p").append(i).append('"');
        }
        refused(valid().replace("<wsu:Timestamp ", "<x:Flood xmlns:x=\"urn:x\"" + attrs + "/><wsu:Timestamp "));
        refused(valid().replace("<wsu:Timestamp ", "<x:Flood xmlns:x=\"urn:x\"" + ns + "/><wsu:Timestamp "));
    }

    @Test
    @DisplayName("XML-09 60,000 sibling elements in the header and a 2 MB value inside the assertion")
    void XML_09_wide() throws Exception {
        refused(valid().replace("<wsu:Timestamp ", "<x:Wide xmlns:x=\"urn:x\">" + "<e/>".repeat(60_000) + "</x:Wide><wsu:Timestamp "));
        String big = valid().replace("Gregory House", "G" + "x".repeat(2 * 1024 * 1024));
        EndpointHarness.Answer a = refusedByXua(big, XuaFailure.MALFORMED_ASSERTION);
        assertEquals(WsSecurityFaults.GENERIC, EndpointHarness.assertFault(a, WssNames.WSSE, "InvalidSecurity"));
    }

    @Test
    @DisplayName("XML-11 gzip-compressed body is not decompressed (no GZIP feature): fault")
    void XML_11_gzip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(valid().getBytes(StandardCharsets.UTF_8));
        }
        refused(out.toByteArray());
    }

    @Test
    @DisplayName("XML-12 truncated XML, invalid UTF-8 and a NUL character reference: fault, not dispatched")
    void XML_12_malformed() throws Exception {
        String xml = valid();
        refused(xml.substring(0, xml.length() / 2));
        byte[] bad = xml.replace("Gregory House", "Gregory \u0000House").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] == 0) {
                bad[i] = (byte) 0xC3;
                bad[i + 1] = (byte) 0x28;
                break;
            }
        }
        refused(bad);
        refused(xml.replace("dr.house@hospital-a.example", "dr.house&#0;@hospital-a.example"));
    }

    @Test
    @DisplayName("XML-12 a UTF-7 declaration does not change how the message is read: the HTTP charset wins (RFC 7303)")
    void XML_12_utf7_declaration_ignored() throws Exception {
        int hits = canary.hits();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-7\"?>" + valid();
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, xml.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA());
        assertEquals(200, a.status(), "read as UTF-8, so the signature verified over the same text: " + a.body());
        assertEquals(hits, canary.hits());
    }

    @Test
    @DisplayName("SAML-32 DOCTYPE with ATTLIST defaults (parser-differential SAML bypass): refused at parse")
    void SAML_32_doctype_attlist() throws Exception {
        refused("<!DOCTYPE s:Envelope [<!ATTLIST ds:Signature xmlns:ds CDATA #FIXED \"urn:evil\">"
                + "<!ATTLIST saml2:Assertion ID ID #IMPLIED>]>" + valid());
    }

    @Test
    @DisplayName("XML-13 an unknown mustUnderstand header (MustUnderstand fault) and HTTP GET with query: not dispatched")
    void XML_13_envelope_games() throws Exception {
        int before = gw.stub.calls.get();
        long mark = gw.audit.lastAlertId();
        String mu = valid().replace("<wsse:Security ", "<x:Unknown xmlns:x=\"urn:x\" s:mustUnderstand=\"1\">x</x:Unknown><wsse:Security ");
        EndpointHarness.Answer m = gw.post(EndpointHarness.PROTECTED, mu.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA());
        assertNotEquals(200, m.status(), m.body());
        assertTrue(m.body().contains("MustUnderstand"), m.body());
        gw.assertAudited(mark, SecurityAlert.Type.RESTRICTED_FUNCTION, "SOAP-FAULT-001 MustUnderstand");

        mark = gw.audit.lastAlertId();
        EndpointHarness.Answer get = gw.get(EndpointHarness.PROTECTED, "wsdl=x&patientId=IIG-DEPT1021");
        assertFalse(get.body().contains("AdhocQueryResponse"), "GET dispatched nothing: " + get.body());
        assertEquals(before, gw.stub.calls.get(), "nothing dispatched");
        gw.assertAudited(mark, AuditTrail.typeOf(XuaFailure.NO_SECURITY_HEADER), "XUA-001"); // a GET has no header
    }

    @Test
    @DisplayName("XML-13 two Body elements: fault, not dispatched")
    void XML_13_two_bodies() throws Exception {
        String twoBodies = valid().replace("</s:Body>", "</s:Body><s:Body/>");
        int before = gw.stub.calls.get();
        long mark = gw.audit.lastAlertId();
        EndpointHarness.Answer b = gw.post(EndpointHarness.PROTECTED, twoBodies.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA());
        assertNotEquals(200, b.status(), b.body());
        EndpointHarness.assertFault(b, null, null);
        assertEquals(before, gw.stub.calls.get(), "not dispatched");
        gw.assertAudited(mark, SecurityAlert.Type.RESTRICTED_FUNCTION, "SOAP-FAULT-002 invalid request");
    }

    @Test
    @DisplayName("XML-13 SOAP 1.1 envelope on the SOAP 1.2 endpoint: VersionMismatch, not dispatched")
    void XML_13_soap11_version_mismatch() throws Exception {
        int before = gw.stub.calls.get();
        long mark = gw.audit.lastAlertId();
        String soap11 = valid().replace("http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/");
        EndpointHarness.Answer v = gw.post(EndpointHarness.PROTECTED, soap11.getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA(),
                "text/xml; charset=UTF-8");
        assertTrue(v.body().contains("VersionMismatch"), v.body());
        assertEquals(before, gw.stub.calls.get());
        gw.assertAudited(mark, SecurityAlert.Type.RESTRICTED_FUNCTION, "SOAP-FAULT-001 VersionMismatch");
    }
}
