// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * CATALOGUE section 1: replay (SAML-22), the wsse:Security header and its timestamp (SAML-34 to
 * SAML-36), the MessageID (WSA-02, WSA-04), and the binding of the TLS client to the assertion's
 * partner (BIZ-10).
 */
class ReplayAndHeaderTest extends ValidatorHarness {

    @Test
    @DisplayName("SAML-22 identical message resent (same timestamp and MessageID) is refused the second time")
    void SAML_22_identical_message_replayed() throws Exception {
        TestEnvelope env = validA();
        accept(env, XuaFixture.tlsA());
        assertRejected(XuaFailure.REPLAY, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-22 OneTimeUse assertion in a second message is refused; a normal assertion may be reused")
    void SAML_22_one_time_use() throws Exception {
        AssertionSpec once = XuaFixture.assertionA();
        once.oneTimeUse = true;
        Element assertion = once.build();
        accept(TestEnvelope.of(assertion), XuaFixture.tlsA());
        assertRejected(XuaFailure.REPLAY, TestEnvelope.of(assertion), XuaFixture.tlsA());

        Element reusable = XuaFixture.assertionA().build();
        accept(TestEnvelope.of(reusable), XuaFixture.tlsA());
        accept(TestEnvelope.of(reusable), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("WSA-04 a new message reusing another message's MessageID is refused")
    void WSA_04_duplicate_message_id() throws Exception {
        String id = "urn:uuid:" + UUID.randomUUID();
        Instant now = Instant.now();
        accept(TestEnvelope.of(XuaFixture.assertionA().build(), id, now, now.plusSeconds(300), XuaFixture.PATIENT),
                XuaFixture.tlsA());
        assertRejected(XuaFailure.REPLAY, TestEnvelope.of(XuaFixture.assertionA().build(), id, now.plusSeconds(1),
                now.plusSeconds(300), XuaFixture.PATIENT), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("WSA-02 missing MessageID is refused")
    void WSA_02_missing_message_id() {
        TestEnvelope env = validA().reparsed();
        XuaRejection r = assertThrows(XuaRejection.class,
                () -> validator.validate(new XuaRequest(env.security(), null, XuaFixture.tlsA(), null, null)));
        assertEquals(XuaFailure.MESSAGE_ID, r.failure());
    }

    @Test
    @DisplayName("SAML-34 duplicate wsse:Security headers (same role, other role) are refused")
    void SAML_34_duplicate_security_headers() {
        TestEnvelope same = validA();
        same.header().appendChild(same.security().cloneNode(true));
        assertRejected(XuaFailure.SECURITY_HEADER, same, XuaFixture.tlsA());

        TestEnvelope actor = validA();
        Element other = (Element) actor.security().cloneNode(true);
        other.setAttributeNS(WssNames.SOAP12, "s:role", "http://example.org/other-node");
        actor.header().insertBefore(other, actor.security());
        assertRejected(XuaFailure.SECURITY_HEADER, actor, XuaFixture.tlsA());

        TestEnvelope single = validA();
        single.security().setAttributeNS(WssNames.SOAP12, "s:role", "http://example.org/other-node");
        assertRejected(XuaFailure.SECURITY_HEADER, single, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-34 several wsu:Timestamp, Created or Expires are refused")
    void SAML_34_multiple_timestamps() {
        TestEnvelope two = validA();
        Element ts = Mutate.child(two.security(), WssNames.WSU, "Timestamp");
        two.security().appendChild(ts.cloneNode(true));
        assertRejected(XuaFailure.TIMESTAMP, two, XuaFixture.tlsA());

        for (String part : new String[] {"Created", "Expires"}) {
            TestEnvelope env = validA();
            Element t = Mutate.child(env.security(), WssNames.WSU, "Timestamp");
            t.appendChild(Mutate.child(t, WssNames.WSU, part).cloneNode(true));
            assertRejected(XuaFailure.TIMESTAMP, env, XuaFixture.tlsA());
        }
    }

    @Test
    @DisplayName("SAML-35 a message-level ds:Signature (signed-body form) in wsse:Security is not accepted")
    void SAML_35_message_signature_not_accepted() {
        TestEnvelope env = validA();
        env.security().appendChild(env.doc.importNode(Mutate.signature(env.assertion()), true));
        assertRejected(XuaFailure.UNSUPPORTED_TOKEN, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-36 missing, expired, Expires-before-Created, future and stale wsu:Timestamp are refused")
    void SAML_36_timestamps() {
        TestEnvelope missing = validA();
        missing.security().removeChild(Mutate.child(missing.security(), WssNames.WSU, "Timestamp"));
        assertRejected(XuaFailure.TIMESTAMP, missing, XuaFixture.tlsA());

        Instant now = Instant.now();
        assertRejected(XuaFailure.TIMESTAMP_EXPIRED, stamped(now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(5))),
                XuaFixture.tlsA());
        assertRejected(XuaFailure.TIMESTAMP, stamped(now, now.minusSeconds(10)), XuaFixture.tlsA());
        assertRejected(XuaFailure.TIMESTAMP, stamped(now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(10))),
                XuaFixture.tlsA());
        assertRejected(XuaFailure.TIMESTAMP_EXPIRED, stamped(now.minus(Duration.ofMinutes(10)), null), XuaFixture.tlsA());

        TestEnvelope noZone = validA();
        Element created = Mutate.descendant(Mutate.child(noZone.security(), WssNames.WSU, "Timestamp"), WssNames.WSU, "Created");
        Mutate.setText(created, "2026-01-01T10:00:00");
        assertRejected(XuaFailure.TIMESTAMP, noZone, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("BIZ-10 TLS client of partner B with partner A's assertion, unknown TLS client, and A without mutual TLS")
    void BIZ_10_tls_identity_binding() {
        assertRejected(XuaFailure.TLS_IDENTITY, validA(), XuaFixture.TLS_B.certificate());
        assertRejected(XuaFailure.TLS_IDENTITY, validA(), XuaFixture.TLS_UNKNOWN.certificate());
        assertRejected(XuaFailure.TLS_IDENTITY, validA(), null);
        assertRejected(XuaFailure.TLS_IDENTITY, TestEnvelope.of(XuaFixture.assertionC().build()), XuaFixture.tlsA());
    }

    private static TestEnvelope stamped(Instant created, Instant expires) {
        return TestEnvelope.of(XuaFixture.assertionA().build(), "urn:uuid:" + UUID.randomUUID(), created, expires,
                XuaFixture.PATIENT);
    }
}
