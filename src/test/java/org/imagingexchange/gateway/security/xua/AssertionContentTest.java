// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.imagingexchange.gateway.community.CodedValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Text;

/**
 * CATALOGUE section 1: comment and CDATA injection into signed values (SAML-09), wrong token
 * kinds and issuers (SAML-33), abused XSPA attributes (SAML-37).
 */
class AssertionContentTest extends ValidatorHarness {
    private static final String ORG_ID = "urn:oasis:names:tc:xspa:1.0:subject:organization-id";

    /** An assertion for "dr.house@hospital-a.example.evil.example", validly signed. */
    private static TestEnvelope signedForEvilName() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.nameId = "dr.house@hospital-a.example.evil.example";
        return TestEnvelope.of(spec.build());
    }

    @Test
    @DisplayName("SAML-09 comment injected into the signed NameID (exc-c14n drops it, the signature still holds) is refused")
    void SAML_09_comment_in_name_id() {
        TestEnvelope env = signedForEvilName();
        Element nameId = Mutate.descendant(env.assertion(), WssNames.SAML2, "NameID");
        Text text = (Text) nameId.getFirstChild();
        Text rest = text.splitText("dr.house@hospital-a.example".length());
        nameId.insertBefore(env.doc.createComment(""), rest);
        XuaRejection r = assertRejected(XuaFailure.MALFORMED_ASSERTION, env, XuaFixture.tlsA());
        assertTrue(r.detail().contains("comment"), r.detail());
    }

    @Test
    @DisplayName("SAML-09 CDATA split of the NameID is refused")
    void SAML_09_cdata_split() {
        TestEnvelope env = signedForEvilName();
        Element nameId = Mutate.descendant(env.assertion(), WssNames.SAML2, "NameID");
        Mutate.setText(nameId, "dr.house@hospital-a.example");
        nameId.appendChild(env.doc.createCDATASection(".evil.example"));
        assertRejected(XuaFailure.MALFORMED_ASSERTION, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-09 comment inside the organization-id AttributeValue is refused")
    void SAML_09_comment_in_organization_id() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.organizationIds = List.of("urn:oid:1.3.6.1.4.1.21367.2026.2.1.9.666");
        TestEnvelope env = TestEnvelope.of(spec.build());
        Element value = Mutate.attributeValue(env.assertion(), ORG_ID);
        Text text = (Text) value.getFirstChild();
        Text rest = text.splitText("urn:oid:1.3.6.1.4.1.21367.2026.2.1.9".length());
        value.insertBefore(env.doc.createComment("x"), rest);
        assertRejected(XuaFailure.MALFORMED_ASSERTION, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-09 child element inside a signed NameID is refused, never read as its first text")
    void SAML_09_nested_element_in_name_id() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.mutateBeforeSigning(a -> {
            Element nameId = Mutate.descendant(a, WssNames.SAML2, "NameID");
            Mutate.setText(nameId, "dr.house@hospital-a.example");
            Element inner = a.getOwnerDocument().createElementNS(WssNames.SAML2, "saml2:NameID");
            inner.setTextContent("mallory@evil.example");
            nameId.appendChild(inner);
        });
        XuaRejection r = reject(TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        assertTrue(Set.of(XuaFailure.SUBJECT, XuaFailure.MALFORMED_ASSERTION).contains(r.failure()), r.detail());
    }

    @Test
    @DisplayName("SAML-33 SAML 1.1 assertion in wsse:Security is an unsupported token")
    void SAML_33_saml11() {
        TestEnvelope env = validA();
        Element saml1 = env.doc.createElementNS(WssNames.SAML1, "saml:Assertion");
        saml1.setAttributeNS(null, "MajorVersion", "1");
        saml1.setAttributeNS(null, "MinorVersion", "1");
        saml1.setAttributeNS(null, "AssertionID", "_saml11");
        saml1.setAttributeNS(null, "Issuer", XuaFixture.ISSUER_A);
        env.security().replaceChild(saml1, env.assertion());
        assertRejected(XuaFailure.UNSUPPORTED_TOKEN, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-33 Version=\"1.9\" (validly signed) is refused")
    void SAML_33_version() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.version = "1.9";
        assertRejected(XuaFailure.UNSUPPORTED_TOKEN, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-33 samlp:Response and EncryptedAssertion in wsse:Security are unsupported tokens")
    void SAML_33_response_and_encrypted() {
        TestEnvelope response = validA();
        Element r = response.doc.createElementNS(WssNames.SAML2P, "samlp:Response");
        response.security().replaceChild(r, response.assertion());
        assertRejected(XuaFailure.UNSUPPORTED_TOKEN, response, XuaFixture.tlsA());

        TestEnvelope encrypted = validA();
        Element e = encrypted.doc.createElementNS(WssNames.SAML2, "saml2:EncryptedAssertion");
        encrypted.security().replaceChild(e, encrypted.assertion());
        assertRejected(XuaFailure.UNSUPPORTED_TOKEN, encrypted, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-33 missing Issuer, issuer not in the partner directory, Issuer Format not entity")
    void SAML_33_issuer() {
        AssertionSpec missing = XuaFixture.assertionA();
        missing.mutateBeforeSigning(a -> a.removeChild(Mutate.child(a, WssNames.SAML2, "Issuer")));
        assertRejected(XuaFailure.UNKNOWN_ISSUER, TestEnvelope.of(missing.build()), XuaFixture.tlsA());

        AssertionSpec unknown = XuaFixture.assertionA();
        unknown.issuer = "https://idp.evil.example/sts";
        unknown.signer = XuaFixture.ATTACKER;
        assertRejected(XuaFailure.UNKNOWN_ISSUER, TestEnvelope.of(unknown.build()), XuaFixture.tlsA());

        AssertionSpec format = XuaFixture.assertionA();
        format.mutateBeforeSigning(a -> Mutate.child(a, WssNames.SAML2, "Issuer")
                .setAttributeNS(null, "Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"));
        assertRejected(XuaFailure.UNKNOWN_ISSUER, TestEnvelope.of(format.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-37 empty subject-id is refused")
    void SAML_37_empty_subject_id() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.subjectId = " ";
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-37 role without codeSystem, role as plain text instead of an hl7:Role element")
    void SAML_37_malformed_coded_values() {
        AssertionSpec noSystem = XuaFixture.assertionA();
        noSystem.mutateBeforeSigning(a -> Mutate.descendant(a, WssNames.HL7, "Role").removeAttribute("codeSystem"));
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(noSystem.build()), XuaFixture.tlsA());

        AssertionSpec text = XuaFixture.assertionA();
        text.mutateBeforeSigning(a -> {
            Element role = Mutate.descendant(a, WssNames.HL7, "Role");
            Element value = (Element) role.getParentNode();
            value.removeChild(role);
            value.setTextContent("309343006");
        });
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(text.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-37 60 AttributeValues, 5,000 AttributeValues, 2,000-character and 1 MB values are refused")
    void SAML_37_oversized_attributes() {
        AssertionSpec sixty = XuaFixture.assertionA();
        sixty.organizations = repeat("Org", 60);
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(sixty.build()), XuaFixture.tlsA());

        AssertionSpec many = XuaFixture.assertionA();
        many.organizations = repeat("Org", 5000);
        assertRejected(XuaFailure.MALFORMED_ASSERTION, TestEnvelope.of(many.build()), XuaFixture.tlsA());

        AssertionSpec longValue = XuaFixture.assertionA();
        longValue.subjectId = "x".repeat(2000);
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(longValue.build()), XuaFixture.tlsA());

        AssertionSpec huge = XuaFixture.assertionA();
        huge.subjectId = "x".repeat(1024 * 1024);
        assertRejected(XuaFailure.MALFORMED_ASSERTION, TestEnvelope.of(huge.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-37 the same XSPA attribute twice (second role) and a required attribute missing are refused")
    void SAML_37_repeated_and_missing() {
        AssertionSpec twice = XuaFixture.assertionA();
        twice.mutateBeforeSigning(a -> {
            Element role = (Element) Mutate.descendant(a, WssNames.HL7, "Role").getParentNode().getParentNode();
            role.getParentNode().appendChild(role.cloneNode(true));
        });
        assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(twice.build()), XuaFixture.tlsA());

        AssertionSpec missing = XuaFixture.assertionA();
        missing.purposesOfUse = List.of();
        XuaRejection r = assertRejected(XuaFailure.ATTRIBUTES, TestEnvelope.of(missing.build()), XuaFixture.tlsA());
        assertTrue(r.detail().contains("purpose-of-use"), r.detail());
    }

    @Test
    @DisplayName("SAML-37 several roles and purposes in one attribute are accepted as coded values")
    void SAML_37_multiple_values_accepted() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.purposesOfUse = List.of(XuaFixture.TREATMENT, XuaFixture.NORM);
        spec.organizations = List.of("Org 1 AG", "Org 2 SA");
        XuaPrincipal p = accept(TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        assertEquals(List.of(XuaFixture.TREATMENT, XuaFixture.NORM), p.purposesOfUse());
        assertEquals(List.of("Org 1 AG", "Org 2 SA"), p.organizations());
        CodedValue first = p.purposesOfUse().get(0);
        assertEquals("nhin-purpose", first.codeSystemName());
        assertEquals("Treatment", first.displayName());
    }

    private static List<String> repeat(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + " " + i);
        }
        return out;
    }
}
