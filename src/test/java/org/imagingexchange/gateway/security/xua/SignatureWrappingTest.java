// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * CATALOGUE section 1, signature wrapping (XSW3-XSW8), duplicate IDs, several assertions,
 * stripped and tampered signatures: the identity never comes from an element other than the
 * verified one, and each of these is refused.
 */
class SignatureWrappingTest extends ValidatorHarness {

    @Test
    @DisplayName("SAML-01 XSW3: unsigned evil assertion before the signed one is refused (one assertion only)")
    void SAML_01_xsw3_evil_before_signed() {
        TestEnvelope env = validA();
        Element evil = Mutate.evilCopy(env.assertion(), "_evil");
        env.security().insertBefore(evil, env.assertion());
        assertRejected(XuaFailure.ASSERTION_COUNT, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-01 XSW3 variant: evil assertion in wsse:Security, signed one moved to another header")
    void SAML_01_xsw3_signed_moved_out_of_security() {
        TestEnvelope env = validA();
        Element original = env.assertion();
        env.security().insertBefore(Mutate.evilCopy(original, "_evil"), original);
        Element stash = env.doc.createElementNS("urn:example:stash", "x:Stash");
        env.header().appendChild(stash);
        stash.appendChild(original);
        assertRejected(XuaFailure.UNSIGNED, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-02 XSW4: evil assertion wrapping the signed original is refused")
    void SAML_02_xsw4_evil_wraps_original() {
        TestEnvelope env = validA();
        Element original = env.assertion();
        Element evil = Mutate.evilCopy(original, "_evil");
        env.security().replaceChild(evil, original);
        evil.appendChild(original);
        assertRejected(XuaFailure.MALFORMED_ASSERTION, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-03 XSW5: signed assertion modified in place (ID=_evil), pristine copy appended to wsse:Security")
    void SAML_03_xsw5_copy_in_security() {
        TestEnvelope env = validA();
        Element signed = env.assertion();
        Element pristine = (Element) signed.cloneNode(true);
        pristine.removeChild(Mutate.signature(pristine));
        signed.setAttributeNS(null, "ID", "_evil");
        Mutate.setText(Mutate.descendant(signed, WssNames.SAML2, "NameID"), "mallory@evil.example");
        env.security().appendChild(pristine);
        assertRejected(XuaFailure.ASSERTION_COUNT, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-03 XSW5: pristine copy in another SOAP header: Reference URI is not '#'+ID of the enclosing assertion")
    void SAML_03_xsw5_copy_elsewhere() {
        TestEnvelope env = validA();
        Element signed = env.assertion();
        Element pristine = (Element) signed.cloneNode(true);
        pristine.removeChild(Mutate.signature(pristine));
        signed.setAttributeNS(null, "ID", "_evil");
        Mutate.setText(Mutate.descendant(signed, WssNames.SAML2, "NameID"), "mallory@evil.example");
        Element stash = env.doc.createElementNS("urn:example:stash", "x:Stash");
        env.header().appendChild(stash);
        stash.appendChild(pristine);
        assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-04 XSW6: pristine copy hidden inside the evil assertion's ds:Signature")
    void SAML_04_xsw6_copy_inside_signature() {
        TestEnvelope env = validA();
        Element signed = env.assertion();
        Element pristine = (Element) signed.cloneNode(true);
        pristine.removeChild(Mutate.signature(pristine));
        signed.setAttributeNS(null, "ID", "_evil");
        Mutate.setText(Mutate.descendant(signed, WssNames.SAML2, "NameID"), "mallory@evil.example");
        Mutate.signature(signed).appendChild(pristine);
        XuaRejection r = reject(env, XuaFixture.tlsA());
        assertTrue(Set.of(XuaFailure.MALFORMED_ASSERTION, XuaFailure.SIGNATURE_PROFILE).contains(r.failure()), r.detail());
    }

    @Test
    @DisplayName("SAML-05 XSW7: original hidden in an unknown extension element inside wsse:Security")
    void SAML_05_xsw7_copy_in_extension_element() {
        TestEnvelope env = validA();
        Element original = env.assertion();
        Element ext = env.doc.createElementNS("urn:example:ext", "ext:Extensions");
        env.security().replaceChild(Mutate.evilCopy(original, "_evil"), original);
        ext.appendChild(original);
        env.security().appendChild(ext);
        assertRejected(XuaFailure.SECURITY_HEADER, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-05 XSW7 variant: original inside the evil assertion's saml2:Advice")
    void SAML_05_xsw7_copy_in_advice() {
        TestEnvelope env = validA();
        Element original = env.assertion();
        Element evil = Mutate.evilCopy(original, "_evil");
        env.security().replaceChild(evil, original);
        Element advice = env.doc.createElementNS(WssNames.SAML2, "saml2:Advice");
        advice.appendChild(original);
        evil.insertBefore(advice, Mutate.child(evil, WssNames.SAML2, "AuthnStatement"));
        assertRejected(XuaFailure.MALFORMED_ASSERTION, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-06 XSW8: pristine copy inside ds:Object of the evil assertion's signature")
    void SAML_06_xsw8_copy_in_ds_object() {
        TestEnvelope env = validA();
        Element signed = env.assertion();
        Element pristine = (Element) signed.cloneNode(true);
        pristine.removeChild(Mutate.signature(pristine));
        Mutate.setText(Mutate.descendant(signed, WssNames.SAML2, "NameID"), "mallory@evil.example");
        Element object = env.doc.createElementNS(WssNames.DS, "ds:Object");
        object.appendChild(pristine);
        Mutate.signature(signed).appendChild(object);
        XuaRejection r = reject(env, XuaFixture.tlsA());
        assertTrue(Set.of(XuaFailure.MALFORMED_ASSERTION, XuaFailure.SIGNATURE_PROFILE).contains(r.failure()), r.detail());
    }

    @Test
    @DisplayName("SAML-06 XSW8 variant: an empty ds:Object in the signature is refused by the SAML signature profile")
    void SAML_06_ds_object_not_allowed() {
        TestEnvelope env = validA();
        Mutate.signature(env.assertion()).appendChild(env.doc.createElementNS(WssNames.DS, "ds:Object"));
        assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-07 duplicate ID: evil assertion with the same ID placed first")
    void SAML_07_same_id_evil_first() {
        TestEnvelope env = validA();
        Element evil = Mutate.evilCopy(env.assertion(), env.assertion().getAttribute("ID"));
        env.security().insertBefore(evil, env.assertion());
        XuaRejection r = reject(env, XuaFixture.tlsA());
        assertTrue(Set.of(XuaFailure.ASSERTION_COUNT, XuaFailure.DUPLICATE_ID).contains(r.failure()), r.detail());
    }

    @Test
    @DisplayName("SAML-07 duplicate ID under other attribute names (wsu:Id, xml:id, AssertionID, ID in the body)")
    void SAML_07_duplicate_id_variants() {
        String[][] variants = {
            {WssNames.WSU, "wsu:Id"}, {WssNames.XML, "xml:id"}, {null, "AssertionID"}, {null, "ID"}};
        for (String[] v : variants) {
            TestEnvelope env = validA();
            String id = env.assertion().getAttribute("ID");
            Element other = env.doc.createElementNS("urn:example:other", "o:Other");
            other.setAttributeNS(v[0], v[1], id);
            if (v[1].equals("ID")) {
                env.first(WssNames.SOAP12, "Body").appendChild(other);
            } else {
                env.header().appendChild(other);
            }
            assertRejected(XuaFailure.DUPLICATE_ID, env, XuaFixture.tlsA());
        }
    }

    @Test
    @DisplayName("SAML-08 two validly signed assertions (same issuer, different subjects; or two issuers) are ambiguous")
    void SAML_08_two_signed_assertions() {
        AssertionSpec second = XuaFixture.assertionA();
        second.nameId = "someone.else@hospital-a.example";
        TestEnvelope env = validA();
        env.security().appendChild(env.doc.importNode(second.build(), true));
        assertRejected(XuaFailure.ASSERTION_COUNT, env, XuaFixture.tlsA());

        TestEnvelope two = validA();
        two.security().appendChild(two.doc.importNode(XuaFixture.assertionB().build(), true));
        assertRejected(XuaFailure.ASSERTION_COUNT, two, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-10 signature stripped: the unsigned assertion establishes no principal")
    void SAML_10_signature_stripped() {
        TestEnvelope env = validA();
        env.assertion().removeChild(Mutate.signature(env.assertion()));
        assertRejected(XuaFailure.UNSIGNED, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-10 freshly minted unsigned bearer assertion")
    void SAML_10_minted_unsigned() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.nameId = "mallory@evil.example";
        Element unsigned = spec.build();
        unsigned.removeChild(Mutate.signature(unsigned));
        assertRejected(XuaFailure.UNSIGNED, TestEnvelope.of(unsigned), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-11 content changed after signing (attribute value, NameID, Conditions) fails the check")
    void SAML_11_tampered_content() {
        TestEnvelope attribute = validA();
        Mutate.setText(Mutate.attributeValue(attribute.assertion(), "urn:oasis:names:tc:xspa:1.0:subject:subject-id"),
                "Mallory");
        assertRejected(XuaFailure.SIGNATURE_INVALID, attribute, XuaFixture.tlsA());

        TestEnvelope nameId = validA();
        Mutate.setText(Mutate.descendant(nameId.assertion(), WssNames.SAML2, "NameID"), "mallory@evil.example");
        assertRejected(XuaFailure.SIGNATURE_INVALID, nameId, XuaFixture.tlsA());

        TestEnvelope conditions = validA();
        Mutate.descendant(conditions.assertion(), WssNames.SAML2, "Conditions")
                .setAttributeNS(null, "NotOnOrAfter", "2099-01-01T00:00:00Z");
        assertRejected(XuaFailure.SIGNATURE_INVALID, conditions, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-11 SignatureValue emptied, removed, or copied from another assertion")
    void SAML_11_signature_value_games() {
        TestEnvelope emptied = validA();
        Mutate.setText(Mutate.descendant(emptied.assertion(), WssNames.DS, "SignatureValue"), "");
        assertRejected(XuaFailure.SIGNATURE_INVALID, emptied, XuaFixture.tlsA());

        TestEnvelope removed = validA();
        Element value = Mutate.descendant(removed.assertion(), WssNames.DS, "SignatureValue");
        value.getParentNode().removeChild(value);
        assertRejected(XuaFailure.SIGNATURE_PROFILE, removed, XuaFixture.tlsA());

        TestEnvelope copied = validA();
        Element other = XuaFixture.assertionA().build();
        String otherValue = Mutate.descendant(other, WssNames.DS, "SignatureValue").getTextContent();
        Mutate.setText(Mutate.descendant(copied.assertion(), WssNames.DS, "SignatureValue"), otherValue);
        assertRejected(XuaFailure.SIGNATURE_INVALID, copied, XuaFixture.tlsA());
    }
}
