// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSSerializer;

/**
 * A SOAP 1.2 ITI-18 request with WS-Addressing headers and a wsse:Security header holding a
 * wsu:Timestamp and the given assertion, as a partner would send it. The envelope is text first
 * and parsed (DTDs refused), so nothing of the builder's DOM state (registered IDs) survives:
 * the validator sees what a parser makes of the bytes. Mutate {@link #doc} and call
 * {@link #bytes()} to send the result.
 */
final class TestEnvelope {
    static final String ACTION = "urn:ihe:iti:2007:RegistryStoredQuery";
    final Document doc;
    final String messageId;

    private TestEnvelope(Document doc, String messageId) {
        this.doc = doc;
        this.messageId = messageId;
    }

    static TestEnvelope of(Element assertion) {
        return of(assertion, "urn:uuid:" + UUID.randomUUID(), Instant.now().minusSeconds(1),
                Instant.now().plus(Duration.ofMinutes(5)), XuaFixture.PATIENT);
    }

    static TestEnvelope of(Element assertion, String messageId, Instant created, Instant expires, String patientId) {
        String xml = """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">\
                <s:Header>\
                <a:Action s:mustUnderstand="1">%s</a:Action>\
                <a:MessageID>%s</a:MessageID>\
                <a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>\
                <wsse:Security s:mustUnderstand="1" xmlns:wsse="%s" xmlns:wsu="%s">\
                <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>%s</wsu:Created>%s</wsu:Timestamp>\
                %s\
                </wsse:Security>\
                </s:Header>\
                <s:Body>\
                <query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" \
                xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">\
                <query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/>\
                <rim:AdhocQuery id="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d">\
                <rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'%s'</rim:Value></rim:ValueList></rim:Slot>\
                <rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList>\
                <rim:Value>('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot>\
                </rim:AdhocQuery>\
                </query:AdhocQueryRequest>\
                </s:Body>\
                </s:Envelope>""".formatted(ACTION, messageId, WssNames.WSSE, WssNames.WSU, created,
                expires == null ? "" : "<wsu:Expires>" + expires + "</wsu:Expires>",
                assertion == null ? "" : serialize(assertion), patientId.replace("&", "&amp;"));
        return new TestEnvelope(parse(xml.getBytes(StandardCharsets.UTF_8)), messageId);
    }

    Element header() {
        return (Element) doc.getElementsByTagNameNS(WssNames.SOAP12, "Header").item(0);
    }

    Element security() {
        return (Element) doc.getElementsByTagNameNS(WssNames.WSSE, "Security").item(0);
    }

    Element assertion() {
        return (Element) security().getElementsByTagNameNS(WssNames.SAML2, "Assertion").item(0);
    }

    Element first(String ns, String local) {
        return (Element) doc.getElementsByTagNameNS(ns, local).item(0);
    }

    String text() {
        DOMImplementationLS ls = (DOMImplementationLS) doc.getImplementation();
        LSSerializer s = ls.createLSSerializer();
        s.getDomConfig().setParameter("xml-declaration", false);
        return s.writeToString(doc);
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as a parser makes it from {@link #bytes()}: what the validator sees. */
    TestEnvelope reparsed() {
        return new TestEnvelope(parse(bytes()), messageId);
    }

    /** The same message as other text (for textual attacks a DOM cannot express). */
    TestEnvelope withText(String xml) {
        return new TestEnvelope(parse(xml.getBytes(StandardCharsets.UTF_8)), messageId);
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException("test envelope does not parse", e);
        }
    }

    static String serialize(Element e) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
