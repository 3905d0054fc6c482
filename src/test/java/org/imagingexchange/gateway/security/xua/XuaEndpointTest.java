// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.imagingexchange.gateway.security.xua.EndpointHarness.assertWssFault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The XUA interceptor on a published endpoint, over HTTP: a valid request reaches the service
 * with its principal; a refused one gets a WS-Security fault with the generic reason, the
 * service is never invoked (nothing stored or forwarded) and the security event sink (the
 * audit hook) holds the exact reason.
 */
class XuaEndpointTest {
    private static EndpointHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new EndpointHarness();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends a hostile request; asserts the fault, that no service ran, and the recorded reason. */
    private static RecordingSink.Event refused(TestEnvelope env, java.security.cert.X509Certificate tls, String subcode,
                                               XuaFailure failure) throws Exception {
        int before = gw.stub.calls.get();
        long mark = gw.audit.lastAlertId();
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, env.bytes(), tls);
        assertWssFault(a, subcode);
        assertEquals(before, gw.stub.calls.get(), "the service was not invoked");
        RecordingSink.Event e = gw.sink.forMessage(env.messageId);
        assertNotNull(e, "a security event was recorded");
        assertNotNull(e.rejection(), "recorded as a rejection");
        assertEquals(failure, e.rejection().failure(), e.rejection().detail());
        gw.assertAudited(mark, AuditTrail.typeOf(failure), failure.code() + " " + failure + ": " + e.rejection().detail());
        return e;
    }

    @Test
    @DisplayName("a valid request (mutual TLS + valid assertion) reaches the service with its XuaPrincipal")
    void validRequestAccepted() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        int before = gw.stub.calls.get();
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, env.bytes(), XuaFixture.tlsA());
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("ResponseStatusType:Success"), a.body());
        assertEquals(before + 1, gw.stub.calls.get());
        RecordingSink.Event e = gw.sink.forMessage(env.messageId);
        assertNotNull(e.principal(), "accepted event");
        assertEquals("dr.house@hospital-a.example", e.principal().nameId());
        assertEquals(XuaFixture.PATIENT, e.request().patientId());
        assertTrue(gw.stub.principals.stream().anyMatch(p -> p.assertionId().equals(e.principal().assertionId())),
                "the service saw the principal on the exchange");
    }

    @Test
    @DisplayName("an assertion signed by xmlsec1 (pretty-printed) passes the CXF header path unchanged")
    void xmlsec1SignedOverHttp(@TempDir Path work) throws Exception {
        Element assertion = TestEnvelope.parse(XmlsecSigner.signedAssertionOfB(work)).getDocumentElement();
        TestEnvelope env = TestEnvelope.of(assertion);
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, env.bytes(), XuaFixture.TLS_B.certificate());
        assertEquals(200, a.status(), a.body());
    }

    @Test
    @DisplayName("rg/* endpoints require XUA without being configured; unlisted endpoints do not")
    void respondingGatewayAlwaysProtected() throws Exception {
        TestEnvelope none = TestEnvelope.of(null);
        int before = gw.respondingStub.calls.get();
        assertWssFault(gw.post(EndpointHarness.RESPONDING, none.bytes(), XuaFixture.tlsA()), "InvalidSecurity");
        assertEquals(before, gw.respondingStub.calls.get());
        assertEquals(200, gw.post(EndpointHarness.RESPONDING, ValidatorHarness.validA().bytes(), XuaFixture.tlsA()).status());

        String open = none.text().replaceFirst("<wsse:Security[^>]*>.*</wsse:Security>", "");
        assertEquals(200, gw.post(EndpointHarness.OPEN, open.getBytes(StandardCharsets.UTF_8), null).status());
    }

    @Test
    @DisplayName("no wsse:Security header on a protected endpoint: InvalidSecurity, not invoked")
    void noSecurityHeader() throws Exception {
        TestEnvelope env = TestEnvelope.of(null);
        env.security().getParentNode().removeChild(env.security());
        refused(env, XuaFixture.tlsA(), "InvalidSecurity", XuaFailure.NO_SECURITY_HEADER);
    }

    @Test
    @DisplayName("SAML-01 XSW3 over HTTP: InvalidSecurity, the evil subject never reaches the service")
    void SAML_01_over_http() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        env.security().insertBefore(Mutate.evilCopy(env.assertion(), "_evil"), env.assertion());
        refused(env, XuaFixture.tlsA(), "InvalidSecurity", XuaFailure.ASSERTION_COUNT);
        assertTrue(gw.stub.principals.stream().noneMatch(p -> p.nameId().contains("evil")));
    }

    @Test
    @DisplayName("SAML-11 tampered over HTTP: FailedCheck")
    void SAML_11_over_http() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        Mutate.setText(Mutate.descendant(env.assertion(), WssNames.SAML2, "NameID"), "mallory@evil.example");
        refused(env, XuaFixture.tlsA(), "FailedCheck", XuaFailure.SIGNATURE_INVALID);
    }

    @Test
    @DisplayName("SAML-12 untrusted key over HTTP: FailedAuthentication")
    void SAML_12_over_http() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signer = XuaFixture.ATTACKER;
        refused(TestEnvelope.of(spec.build()), XuaFixture.tlsA(), "FailedAuthentication", XuaFailure.UNTRUSTED_KEY);
    }

    @Test
    @DisplayName("SAML-30 RSA-SHA1 over HTTP: UnsupportedAlgorithm")
    void SAML_30_over_http() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signatureAlgorithm = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
        refused(TestEnvelope.of(spec.build()), XuaFixture.tlsA(), "UnsupportedAlgorithm", XuaFailure.UNSUPPORTED_ALGORITHM);
    }

    @Test
    @DisplayName("SAML-33 SAML 1.1 token over HTTP: UnsupportedSecurityToken")
    void SAML_33_over_http() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        Element saml1 = env.doc.createElementNS(WssNames.SAML1, "saml:Assertion");
        saml1.setAttributeNS(null, "MajorVersion", "1");
        env.security().replaceChild(saml1, env.assertion());
        refused(env, XuaFixture.tlsA(), "UnsupportedSecurityToken", XuaFailure.UNSUPPORTED_TOKEN);
    }

    @Test
    @DisplayName("SAML-36 expired wsu:Timestamp over HTTP: MessageExpired")
    void SAML_36_over_http() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        TestEnvelope env = TestEnvelope.of(XuaFixture.assertionA().build(), "urn:uuid:" + java.util.UUID.randomUUID(),
                now.minusSeconds(900), now.minusSeconds(600), XuaFixture.PATIENT);
        refused(env, XuaFixture.tlsA(), "MessageExpired", XuaFailure.TIMESTAMP_EXPIRED);
    }

    @Test
    @DisplayName("SAML-22 / WSA-04 the same message twice over HTTP: the second is refused, the service ran once")
    void SAML_22_replay_over_http() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        int before = gw.stub.calls.get();
        assertEquals(200, gw.post(EndpointHarness.PROTECTED, env.bytes(), XuaFixture.tlsA()).status());
        refused(env, XuaFixture.tlsA(), "InvalidSecurity", XuaFailure.REPLAY);
        assertEquals(before + 1, gw.stub.calls.get());
    }

    @Test
    @DisplayName("SAML-34 two wsse:Security headers over HTTP: InvalidSecurity")
    void SAML_34_over_http() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        env.header().appendChild(env.security().cloneNode(true));
        refused(env, XuaFixture.tlsA(), "InvalidSecurity", XuaFailure.SECURITY_HEADER);
    }

    @Test
    @DisplayName("BIZ-10 TLS client of partner B carrying partner A's assertion: FailedAuthentication")
    void BIZ_10_over_http() throws Exception {
        refused(ValidatorHarness.validA(), XuaFixture.TLS_B.certificate(), "FailedAuthentication", XuaFailure.TLS_IDENTITY);
    }

    @Test
    @DisplayName("BIZ-08 resource-id is patient P1 but the query is for P2: denied before the service, reason recorded")
    void BIZ_08_patient_mismatch() throws Exception {
        TestEnvelope env = TestEnvelope.of(XuaFixture.assertionA().build(), "urn:uuid:" + java.util.UUID.randomUUID(),
                java.time.Instant.now(), java.time.Instant.now().plusSeconds(300), XuaFixture.OTHER_PATIENT);
        RecordingSink.Event e = refused(env, XuaFixture.tlsA(), "FailedAuthentication", XuaFailure.ACCESS_DENIED);
        assertTrue(e.rejection().detail().contains("IIG-DEPT1022"), e.rejection().detail());
        assertEquals("dr.house@hospital-a.example", e.rejection().claimed().subject());
    }

    @Test
    @DisplayName("SAML-37 purpose of use outside the partner's allowed set (research): denied")
    void SAML_37_purpose_not_allowed() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.purposesOfUse = List.of(XuaFixture.RESEARCH);
        refused(TestEnvelope.of(spec.build()), XuaFixture.tlsA(), "FailedAuthentication", XuaFailure.ACCESS_DENIED);
    }

    @Test
    @DisplayName("WSA-02 missing wsa:MessageID on a protected endpoint: MessageAddressingHeaderRequired, not invoked")
    void WSA_02_missing_message_id() throws Exception {
        TestEnvelope env = ValidatorHarness.validA();
        Element id = env.first("http://www.w3.org/2005/08/addressing", "MessageID");
        id.getParentNode().removeChild(id);
        int before = gw.stub.calls.get();
        long mark = gw.audit.lastAlertId();
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, env.bytes(), XuaFixture.tlsA());
        EndpointHarness.assertFault(a, "http://www.w3.org/2005/08/addressing", "MessageAddressingHeaderRequired");
        assertEquals(before, gw.stub.calls.get());
        // one alert: the XUA decision's, not a second one from the generic fault path
        gw.assertAudited(mark, AuditTrail.typeOf(XuaFailure.MESSAGE_ID), XuaFailure.MESSAGE_ID.code());
    }

    @Test
    @DisplayName("a refused request's fault carries no part of the assertion, subject or reason")
    void faultLeaksNothing() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.nameId = "leak-canary@hospital-a.example";
        spec.audienceRestrictions = List.of(List.of("https://other-gateway.example/services"));
        TestEnvelope env = TestEnvelope.of(spec.build());
        EndpointHarness.Answer a = gw.post(EndpointHarness.PROTECTED, env.bytes(), XuaFixture.tlsA());
        assertWssFault(a, "InvalidSecurity");
        for (String secret : List.of("leak-canary", "other-gateway", "Audience", "hospital-a", "XUA-0")) {
            assertTrue(!a.body().contains(secret), secret + " leaked: " + a.body());
        }
        assertNull(gw.sink.forMessage(env.messageId).principal());
    }
}
