// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.audit.AuditRecordView;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.imagingexchange.gateway.audit.XuaAuditSink;
import org.imagingexchange.gateway.security.policy.AccessPolicy;
import org.imagingexchange.gateway.soap.SoapEndpoints;
import org.imagingexchange.gateway.soap.XdsNamespaces;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XUA interceptor path in-process, end to end over HTTP on loopback: a CXF bus with the
 * gateway's XML limits, endpoints published by the production {@code SoapEndpoints.publish}
 * (so the wiring under test is the real one) with stub services, XUA required on
 * {@code xds/iti18} by setting and on {@code rg/iti38} always, none on {@code xds/iti18-open}.
 */
final class EndpointHarness implements AutoCloseable {
    static final String PROTECTED = "/xds/iti18";
    static final String RESPONDING = "/rg/iti38";
    static final String OPEN = "/xds/iti18-open";
    static final QName SENDER = new QName(WssNames.SOAP12, "Sender");

    final Bus bus;
    final LoopbackHttpTransport transport;
    final StubRegistry stub = new StubRegistry();
    final StubRegistry respondingStub = new StubRegistry();
    final StubRegistry openStub = new StubRegistry();
    final RecordingSink sink = new RecordingSink();
    /** The production audit service on H2: XUA rejections through XuaAuditSink, other refusals through AuditHooks. */
    final AuditTrail audit = AuditTrail.start();
    final XuaSecurity security;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    EndpointHarness() throws Exception {
        bus = BusFactory.newInstance().createBus();
        bus.setProperty("org.apache.cxf.stax.maxElementDepth", "100");
        bus.setProperty("org.apache.cxf.stax.maxChildElements", "50000");
        bus.setProperty("org.apache.cxf.stax.maxElementCount", "500000");
        bus.setProperty("org.apache.cxf.stax.maxAttributeCount", "100");
        bus.setProperty("org.apache.cxf.stax.maxAttributeSize", "65536");
        bus.setProperty("org.apache.cxf.stax.maxTextLength", "134217728");
        bus.setProperty("org.apache.cxf.stax.allowInsecureParser", "false");
        transport = LoopbackHttpTransport.install(bus);
        AuditHooks.install(audit.service());
        security = new XuaSecurity(XuaFixture.settings(Set.of("xds/iti18")), XuaFixture.validator(new InMemoryReplayCache()),
                new AccessPolicy(), new XuaAuditSink(audit.auditor(), sink));
        XuaSecurity.install(security);
        publish(PROTECTED, stub);
        publish(RESPONDING, respondingStub);
        publish(OPEN, openStub);
    }

    private void publish(String address, Iti18PortType implementation) {
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of(address, Iti18PortType.class, "wsdl/iti18.wsdl",
                XdsNamespaces.XDS_B, "DocumentRegistry_Service", "DocumentRegistry_Port_Soap12", false), implementation);
    }

    record Answer(int status, String body) {
        Document xml() {
            return TestEnvelope.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    Answer post(String address, byte[] body, X509Certificate tls) throws Exception {
        return post(address, body, tls, "application/soap+xml; charset=UTF-8; action=\"" + TestEnvelope.ACTION + "\"");
    }

    Answer post(String address, byte[] body, X509Certificate tls, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(transport.url(address)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tls != null) {
            b.header(LoopbackHttpTransport.TLS_CLIENT_HEADER, Base64.getEncoder().encodeToString(tls.getEncoded()));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    Answer get(String address, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(transport.url(address) + "?" + query))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Asserts a SOAP 1.2 Sender fault with this subcode (namespace, local name) and no detail; returns the reason. */
    static String assertFault(Answer a, String subcodeNamespace, String subcodeLocal) {
        assertEquals(400, a.status(), a.body());
        Document d = a.xml();
        Element fault = (Element) d.getElementsByTagNameNS(WssNames.SOAP12, "Fault").item(0);
        assertNotNull(fault, "a SOAP 1.2 fault: " + a.body());
        Element code = (Element) fault.getElementsByTagNameNS(WssNames.SOAP12, "Code").item(0);
        Element value = Mutate.child(code, WssNames.SOAP12, "Value");
        assertEquals(SENDER, qname(value));
        if (subcodeLocal != null) {
            Element sub = Mutate.child(Mutate.child(code, WssNames.SOAP12, "Subcode"), WssNames.SOAP12, "Value");
            assertEquals(new QName(subcodeNamespace, subcodeLocal), qname(sub), a.body());
        }
        assertEquals(0, fault.getElementsByTagNameNS(WssNames.SOAP12, "Detail").getLength(), "no detail: " + a.body());
        assertFalse(a.body().contains("Exception") || a.body().contains("at org."), "no stack trace: " + a.body());
        return fault.getElementsByTagNameNS(WssNames.SOAP12, "Text").item(0).getTextContent();
    }

    /**
     * CATALOGUE section 0 item 6: the refused request left exactly one ATNA Security Alert
     * (110113) since {@code mark} ({@link AuditTrail#lastAlertId()}), of this type, whose
     * exact reason contains {@code reason}.
     */
    AuditRecordView assertAudited(long mark, SecurityAlert.Type type, String reason) {
        List<AuditRecordView> fresh = audit.alertsAfter(mark);
        assertEquals(1, fresh.size(), () -> "one Security Alert for the refused request: " + fresh);
        AuditRecordView r = fresh.get(0);
        assertEquals("110113", r.eventId());
        assertTrue(r.eventType().contains(AuditTrail.code(type)), () -> type + " expected: " + r.eventType());
        assertTrue(r.description().contains(reason), () -> "reason with '" + reason + "': " + r.description());
        return r;
    }

    /** A WS-Security fault with the generic reason. */
    static void assertWssFault(Answer a, String subcode) {
        assertEquals(WsSecurityFaults.GENERIC, assertFault(a, WssNames.WSSE, subcode));
    }

    private static QName qname(Element value) {
        String text = value.getTextContent().strip();
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? null : text.substring(0, colon);
        return new QName(value.lookupNamespaceURI(prefix), text.substring(colon + 1));
    }

    @Override
    public void close() {
        XuaSecurity.install(null);
        AuditHooks.uninstall(audit.service());
        audit.close();
        transport.close();
        bus.shutdown(true);
    }
}
