// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.RawSoap;
import org.imagingexchange.gateway.testing.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and wrong SOAP input to ITI-18 on a real gateway, sent byte for byte with
 * java.net.http: malformed XML, a DTD with an external entity (XXE), nesting over the depth
 * limit and a missing WS-Addressing Action give a SOAP 1.2 Sender fault with a generic reason;
 * query mistakes give an ebRS RegistryError with the IHE code in an AdhocQueryResponse (ITI TF-3
 * 4.2.4, BRIEF section 4).
 */
class SoapBadInputIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.98.3";
    static final String ACTION = "urn:ihe:iti:2007:RegistryStoredQuery";
    static final String FIND_DOCUMENTS = "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d";
    static final String APPROVED = "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')";
    static final String FAILURE = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";
    /** A fully qualified Java class name, e.g. javax.xml.stream.XMLStreamException. */
    static final Pattern CLASS_NAME = Pattern.compile("\\b([a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*");
    static final List<String> INTERNALS = List.of("Exception", "XMLStreamReader", "Unmarshal", "JAXB", "org.apache",
            "java.", "javax.", "com.ctc", "woodstox", "\tat ", "[row,col");

    static final List<String> FAULT_ACTIONS = List.of(RawSoap.WSA + "/soap/fault", RawSoap.WSA + "/fault");

    static GatewayServer gateway;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("soap-bad-input", Map.of("GATEWAY_PATIENT_ID_ISSUER", ISSUER));
        url = gateway.soapUrl("xds/iti18");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void malformedXmlGivesAGenericFault() throws Exception {
        String truncated = RawSoap.envelope(addressing(), findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'"));
        truncated = truncated.substring(0, truncated.length() - 40);
        assertGenericSenderFault(RawSoap.post(url, truncated, false));

        assertGenericSenderFault(RawSoap.post(url, "<soap:Envelope xmlns:soap=\"" + RawSoap.SOAP12
                + "\"><soap:Body><unclosed attr=\"1></soap:Body></soap:Envelope>", false));
    }

    @Test
    void externalEntityIsRefusedAndNeverRead() throws Exception {
        String marker = "XXE-MARKER-" + System.nanoTime();
        Path secret = Files.writeString(gateway.dataDir().resolveSibling(gateway.dataDir().getFileName() + "-secret.txt"),
                marker);
        String doctype = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n";
        String inText = doctype + RawSoap.envelope(addressing(), findDocuments("'&xxe;^^^&amp;" + ISSUER + "&amp;ISO'"));
        String inHeader = doctype + RawSoap.envelope(addressing() + "<t:Note xmlns:t=\"urn:test\">&xxe;</t:Note>",
                findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'"));
        String parameterEntity = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY % p SYSTEM \"" + secret.toUri()
                + "\"> %p;]>\n" + RawSoap.envelope(addressing(), findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'"));
        for (String request : List.of(inText, inHeader, parameterEntity)) {
            RawSoap.Answer a = RawSoap.post(url, request, false);
            assertGenericSenderFault(a);
            assertFalse(a.text().contains(marker), () -> "the entity was expanded:\n" + a);
        }
        assertFalse(Files.readString(gateway.messagesLog()).contains(marker), "the marker is not in the log either");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws Exception {
        RawSoap.Answer shallow = RawSoap.post(url, RawSoap.envelope(addressing() + nested(20),
                findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'")), false);
        assertEquals(200, shallow.status(), shallow::toString);
        assertEquals(1, Xml.parse(shallow.body()).count("//query:AdhocQueryResponse"), shallow::toString);

        RawSoap.Answer deep = RawSoap.post(url, RawSoap.envelope(addressing() + nested(150),
                findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'")), false);
        assertGenericSenderFault(deep);
        RawSoap.Answer deepInBody = RawSoap.post(url, RawSoap.envelope(addressing(), nested(150)), false);
        assertGenericSenderFault(deepInBody);
    }

    @Test
    void unknownStoredQueryIsARegistryError() throws Exception {
        String body = "<query:AdhocQueryRequest " + QUERY_NS + "><query:ResponseOption returnType=\"LeafClass\"/>"
                + "<rim:AdhocQuery id=\"urn:uuid:00000000-1111-2222-3333-444444444444\"/></query:AdhocQueryRequest>";
        assertRegistryError(query(body), "XDSUnknownStoredQuery");
    }

    @Test
    void findDocumentsWithoutPatientIdIsMissingParam() throws Exception {
        String body = "<query:AdhocQueryRequest " + QUERY_NS + "><query:ResponseOption returnType=\"LeafClass\"/>"
                + "<rim:AdhocQuery id=\"" + FIND_DOCUMENTS + "\">" + slot("$XDSDocumentEntryStatus", APPROVED)
                + "</rim:AdhocQuery></query:AdhocQueryRequest>";
        assertRegistryError(query(body), "XDSStoredQueryMissingParam");
    }

    @Test
    void findDocumentsForAnUnknownPatient() throws Exception {
        assertRegistryError(query(findDocuments("'NO-SUCH-PATIENT^^^&amp;" + ISSUER + "&amp;ISO'")),
                "XDSUnknownPatientId");
    }

    @Test
    void requestWithoutActionIsRefused() throws Exception {
        String body = findDocuments("'P1^^^&amp;" + ISSUER + "&amp;ISO'");
        String noAction = "<wsa:MessageID>" + RawSoap.newMessageId() + "</wsa:MessageID><wsa:ReplyTo><wsa:Address>"
                + RawSoap.ANONYMOUS + "</wsa:Address></wsa:ReplyTo><wsa:To>" + url + "</wsa:To>";
        for (String headers : List.of(noAction, "")) {
            RawSoap.Answer a = RawSoap.post(url, RawSoap.envelope(headers, body), false);
            assertGenericSenderFault(a);
            assertEquals(0, Xml.parse(a.body()).count("//query:AdhocQueryResponse"), a::toString);
        }
    }

    static final String QUERY_NS = "xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\" "
            + "xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"";

    static String addressing() {
        return RawSoap.addressing(ACTION, RawSoap.newMessageId(), url);
    }

    /** FindDocuments (LeafClass, Approved) for a patient id slot value given as XML text. */
    static String findDocuments(String patientIdValue) {
        return "<query:AdhocQueryRequest " + QUERY_NS + "><query:ResponseOption returnType=\"LeafClass\"/>"
                + "<rim:AdhocQuery id=\"" + FIND_DOCUMENTS + "\">"
                + slot("$XDSDocumentEntryPatientId", patientIdValue)
                + slot("$XDSDocumentEntryStatus", APPROVED)
                + "</rim:AdhocQuery></query:AdhocQueryRequest>";
    }

    static String slot(String name, String value) {
        return "<rim:Slot name=\"" + name + "\"><rim:ValueList><rim:Value>" + value + "</rim:Value></rim:ValueList></rim:Slot>";
    }

    static String nested(int depth) {
        return "<t:n xmlns:t=\"urn:test\">".repeat(depth) + "</t:n>".repeat(depth);
    }

    static RawSoap.Answer query(String body) throws Exception {
        return RawSoap.post(url, RawSoap.envelope(addressing(), body), false);
    }

    static void assertRegistryError(RawSoap.Answer a, String errorCode) {
        assertEquals(200, a.status(), a::toString);
        Xml xml = Xml.parse(a.body());
        assertEquals(1, xml.count("/soap:Envelope/soap:Body/query:AdhocQueryResponse"), a::toString);
        assertEquals(FAILURE, xml.text("//query:AdhocQueryResponse/@status"), a::toString);
        assertEquals(List.of(errorCode), xml.texts("//rs:RegistryError/@errorCode"), a::toString);
        assertEquals("urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error",
                xml.text("//rs:RegistryError/@severity"), a::toString);
        assertEquals(0, xml.count("//rim:ExtrinsicObject"), a::toString);
    }

    /** A SOAP 1.2 Sender fault, HTTP 400, whose reason and headers name nothing internal. */
    static void assertGenericSenderFault(RawSoap.Answer a) {
        assertEquals(400, a.status(), a::toString);
        assertTrue(a.contentType().startsWith("application/soap+xml"), a::toString);
        Xml xml = Xml.parse(a.body());
        assertEquals(1, xml.count("/soap:Envelope/soap:Body/soap:Fault"), a::toString);
        assertTrue(xml.text("//soap:Fault/soap:Code/soap:Value").endsWith(":Sender"), a::toString);
        String reason = xml.text("//soap:Fault/soap:Reason/soap:Text");
        assertFalse(reason.isBlank(), a::toString);
        assertFalse(CLASS_NAME.matcher(a.text()).find(), () -> "a class name in the answer:\n" + a);
        for (String internal : INTERNALS) {
            assertFalse(a.text().contains(internal), () -> "'" + internal + "' in the answer:\n" + a);
        }
        assertEquals(0, xml.count("//soap:Fault/soap:Detail"), a::toString);
        String action = xml.text("/soap:Envelope/soap:Header/wsa:Action");
        if (!action.isEmpty()) {
            assertTrue(FAULT_ACTIONS.contains(action), () -> "a WS-Addressing fault action: " + a);
            assertTrue(List.of("1", "true").contains(xml.text("/soap:Envelope/soap:Header/wsa:Action/@soap:mustUnderstand")),
                    () -> "wsa:Action with mustUnderstand (IHE-WSA101): " + a);
        }
    }
}
