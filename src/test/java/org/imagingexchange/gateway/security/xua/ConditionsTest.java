// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * CATALOGUE section 1: validity times with the 60 s skew (SAML-16 to SAML-18), conditions and
 * audience (SAML-19 to SAML-21), subject confirmation (SAML-23 to SAML-27), AuthnStatement.
 * Each assertion is validly signed: only the rule under test is broken.
 */
class ConditionsTest extends ValidatorHarness {
    private static final Instant NOW = Instant.now();

    @Test
    @DisplayName("SAML-16 Conditions/@NotOnOrAfter passed beyond the clock skew is refused; within the skew accepted")
    void SAML_16_expired() throws Exception {
        AssertionSpec expired = XuaFixture.assertionA();
        expired.issueInstant = NOW.minus(Duration.ofMinutes(10));
        expired.notBefore = expired.issueInstant;
        expired.notOnOrAfter = Instant.now().minusSeconds(120);
        assertRejected(XuaFailure.EXPIRED, TestEnvelope.of(expired.build()), XuaFixture.tlsA());

        AssertionSpec withinSkew = XuaFixture.assertionA();
        withinSkew.issueInstant = NOW.minus(Duration.ofMinutes(10));
        withinSkew.notBefore = withinSkew.issueInstant;
        withinSkew.notOnOrAfter = Instant.now().minusSeconds(20);
        accept(TestEnvelope.of(withinSkew.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-17 Conditions/@NotBefore in the future beyond the skew is refused; within the skew accepted")
    void SAML_17_not_yet_valid() throws Exception {
        AssertionSpec future = XuaFixture.assertionA();
        future.notBefore = Instant.now().plus(Duration.ofMinutes(5));
        future.notOnOrAfter = Instant.now().plus(Duration.ofMinutes(10));
        assertRejected(XuaFailure.NOT_YET_VALID, TestEnvelope.of(future.build()), XuaFixture.tlsA());

        AssertionSpec withinSkew = XuaFixture.assertionA();
        withinSkew.notBefore = Instant.now().plusSeconds(20);
        accept(TestEnvelope.of(withinSkew.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-18 IssueInstant in the future is refused; a stale assertion without NotOnOrAfter is refused")
    void SAML_18_issue_instant() {
        AssertionSpec future = XuaFixture.assertionA();
        future.issueInstant = Instant.now().plus(Duration.ofMinutes(5));
        future.notBefore = null;
        assertRejected(XuaFailure.NOT_YET_VALID, TestEnvelope.of(future.build()), XuaFixture.tlsA());

        AssertionSpec stale = XuaFixture.assertionA();
        stale.issueInstant = Instant.now().minus(Duration.ofDays(2));
        stale.notBefore = stale.issueInstant;
        stale.notOnOrAfter = null;
        assertRejected(XuaFailure.CONDITIONS, TestEnvelope.of(stale.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-19 missing Conditions and missing AudienceRestriction are refused (ITI40-013/014)")
    void SAML_19_missing_conditions_or_audience() {
        AssertionSpec noConditions = XuaFixture.assertionA();
        noConditions.conditions = false;
        assertRejected(XuaFailure.CONDITIONS, TestEnvelope.of(noConditions.build()), XuaFixture.tlsA());

        AssertionSpec noAudience = XuaFixture.assertionA();
        noAudience.audienceRestrictions = List.of();
        assertRejected(XuaFailure.AUDIENCE, TestEnvelope.of(noAudience.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-20 wrong audience: other gateway, partner B's homeCommunityId, empty, and a second restriction not naming us")
    void SAML_20_wrong_audience() throws Exception {
        for (List<List<String>> restrictions : List.of(
                List.of(List.of("https://other-gateway.example/services")),
                List.of(List.of(XuaFixture.HCID_B)),
                List.of(List.of("")),
                List.of(List.of(XuaFixture.OUR_HCID), List.of("https://other-gateway.example/services")))) {
            AssertionSpec spec = XuaFixture.assertionA();
            spec.audienceRestrictions = restrictions;
            assertRejected(XuaFailure.AUDIENCE, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        }
        AssertionSpec several = XuaFixture.assertionA();
        several.audienceRestrictions = List.of(List.of("https://other-gateway.example/services", XuaFixture.OUR_URL));
        accept(TestEnvelope.of(several.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-21 an unknown Condition (xsi:type extension) is indeterminate, hence refused")
    void SAML_21_unknown_condition() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.mutateBeforeSigning(a -> {
            Element conditions = Mutate.child(a, WssNames.SAML2, "Conditions");
            Element c = a.getOwnerDocument().createElementNS(WssNames.SAML2, "saml2:Condition");
            c.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ex", "urn:example:conditions");
            c.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
            c.setAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "xsi:type", "ex:Custom");
            conditions.appendChild(c);
        });
        assertRejected(XuaFailure.CONDITIONS, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-23 missing SubjectConfirmation and SubjectConfirmation without Method are refused (ITI40-011)")
    void SAML_23_missing_confirmation() {
        AssertionSpec none = XuaFixture.assertionA();
        none.confirmationMethod = null;
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(none.build()), XuaFixture.tlsA());

        AssertionSpec noMethod = XuaFixture.assertionA();
        noMethod.mutateBeforeSigning(a -> Mutate.descendant(a, WssNames.SAML2, "SubjectConfirmation").removeAttribute("Method"));
        XuaRejection r = reject(TestEnvelope.of(noMethod.build()), XuaFixture.tlsA());
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Set.of(XuaFailure.SUBJECT_CONFIRMATION,
                XuaFailure.MALFORMED_ASSERTION).contains(r.failure()), r.detail());
    }

    @Test
    @DisplayName("SAML-24 custom confirmation method, sender-vouches, and holder-of-key for a bearer-only partner are refused")
    void SAML_24_methods() {
        for (String method : List.of("urn:oasis:names:tc:SAML:2.0:cm:custom", "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches")) {
            AssertionSpec spec = XuaFixture.assertionA();
            spec.confirmationMethod = method;
            assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        }
        AssertionSpec hokB = XuaFixture.assertionB();
        hokB.confirmationMethod = SubjectConfirmationMethod.HOLDER_OF_KEY.uri();
        hokB.holderOfKey = XuaFixture.TLS_B.certificate();
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(hokB.build()), XuaFixture.TLS_B.certificate());
    }

    @Test
    @DisplayName("SAML-25 holder-of-key bound to the TLS client certificate is accepted")
    void SAML_25_holder_of_key_proven() throws Exception {
        AssertionSpec spec = hok(XuaFixture.tlsA());
        XuaPrincipal p = accept(TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        assertEquals(SubjectConfirmationMethod.HOLDER_OF_KEY, p.confirmation());
    }

    @Test
    @DisplayName("SAML-25 holder-of-key not proven: other certificate, no TLS client, no KeyInfo, unsigned")
    void SAML_25_holder_of_key_not_proven() {
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(hok(XuaFixture.TLS_B.certificate()).build()),
                XuaFixture.tlsA());
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(hok(XuaFixture.tlsA()).build()), null);

        AssertionSpec noKeyInfo = XuaFixture.assertionA();
        noKeyInfo.confirmationMethod = SubjectConfirmationMethod.HOLDER_OF_KEY.uri();
        noKeyInfo.recipient = XuaFixture.OUR_URL;
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(noKeyInfo.build()), XuaFixture.tlsA());

        Element unsigned = hok(XuaFixture.tlsA()).build();
        unsigned.removeChild(Mutate.signature(unsigned));
        assertRejected(XuaFailure.UNSIGNED, TestEnvelope.of(unsigned), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-26 sender-vouches without sender proof is refused (not part of XUA)")
    void SAML_26_sender_vouches() {
        AssertionSpec spec = XuaFixture.assertionC();
        spec.confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches";
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(spec.build()), null);
    }

    @Test
    @DisplayName("SAML-27 bearer SubjectConfirmationData expired, Recipient mismatch, NotBefore present: refused")
    void SAML_27_bearer_data() throws Exception {
        AssertionSpec expired = XuaFixture.assertionA();
        expired.confirmationNotOnOrAfter = Instant.now().minusSeconds(120);
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(expired.build()), XuaFixture.tlsA());

        AssertionSpec recipient = XuaFixture.assertionA();
        recipient.recipient = "https://other-gateway.example/services/xds/iti18";
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(recipient.build()), XuaFixture.tlsA());

        AssertionSpec notBefore = XuaFixture.assertionA();
        notBefore.confirmationNotBefore = Instant.now().minusSeconds(10);
        assertRejected(XuaFailure.SUBJECT_CONFIRMATION, TestEnvelope.of(notBefore.build()), XuaFixture.tlsA());

        AssertionSpec good = XuaFixture.assertionA();
        good.recipient = XuaFixture.OUR_URL;
        good.confirmationNotOnOrAfter = Instant.now().plusSeconds(300);
        accept(TestEnvelope.of(good.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("AuthnStatement missing or without AuthnContext class is refused (ITI40-009)")
    void authn_statement_required() {
        AssertionSpec none = XuaFixture.assertionA();
        none.authnStatement = false;
        assertRejected(XuaFailure.AUTHN_STATEMENT, TestEnvelope.of(none.build()), XuaFixture.tlsA());

        AssertionSpec noClass = XuaFixture.assertionA();
        noClass.mutateBeforeSigning(a -> {
            Element ref = Mutate.descendant(a, WssNames.SAML2, "AuthnContextClassRef");
            ref.getParentNode().removeChild(ref);
        });
        assertRejected(XuaFailure.AUTHN_STATEMENT, TestEnvelope.of(noClass.build()), XuaFixture.tlsA());
    }

    private static AssertionSpec hok(java.security.cert.X509Certificate cert) {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.confirmationMethod = SubjectConfirmationMethod.HOLDER_OF_KEY.uri();
        spec.holderOfKey = cert;
        return spec;
    }
}
