// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.List;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.community.SamlIssuer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Element;

/**
 * CATALOGUE section 1: who may sign (SAML-12 to SAML-15) and how (SAML-28 to SAML-31). Keys come
 * only from the partner directory; algorithms, transforms and references are allow-listed
 * before Santuario runs anything, so no external reference is ever fetched (a canary counts).
 */
class SignatureTrustTest extends ValidatorHarness {

    @Test
    @DisplayName("SAML-12 signed by an attacker key with its self-signed certificate (same DN as A's IdP) in KeyInfo")
    void SAML_12_untrusted_key_in_key_info() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signer = XuaFixture.ATTACKER;
        assertRejected(XuaFailure.UNTRUSTED_KEY, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-13 raw RSAKeyValue of an attacker key in KeyInfo")
    void SAML_13_raw_key_value() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signer = XuaFixture.ATTACKER;
        spec.keyInfo = false;
        Element assertion = spec.build();
        TestEnvelope env = TestEnvelope.of(assertion);
        Element sig = Mutate.signature(env.assertion());
        Element keyInfo = env.doc.createElementNS(WssNames.DS, "ds:KeyInfo");
        Element keyValue = env.doc.createElementNS(WssNames.DS, "ds:KeyValue");
        Element rsa = env.doc.createElementNS(WssNames.DS, "ds:RSAKeyValue");
        var pub = (java.security.interfaces.RSAPublicKey) XuaFixture.ATTACKER.certificate().getPublicKey();
        Element modulus = env.doc.createElementNS(WssNames.DS, "ds:Modulus");
        modulus.setTextContent(java.util.Base64.getEncoder().encodeToString(pub.getModulus().toByteArray()));
        Element exponent = env.doc.createElementNS(WssNames.DS, "ds:Exponent");
        exponent.setTextContent(java.util.Base64.getEncoder().encodeToString(pub.getPublicExponent().toByteArray()));
        rsa.appendChild(modulus);
        rsa.appendChild(exponent);
        keyValue.appendChild(rsa);
        keyInfo.appendChild(keyValue);
        sig.appendChild(keyInfo);
        assertRejected(XuaFailure.UNTRUSTED_KEY, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-14 Issuer = partner A, signed with partner B's (trusted) IdP key: issuer/key binding holds")
    void SAML_14_cross_partner_key() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signer = XuaFixture.IDP_B;
        assertRejected(XuaFailure.UNTRUSTED_KEY, TestEnvelope.of(spec.build()), XuaFixture.tlsA());

        AssertionSpec lying = XuaFixture.assertionA();
        lying.signer = XuaFixture.IDP_B;
        lying.keyInfo = false;
        TestEnvelope env = TestEnvelope.of(lying.build());
        assertRejected(XuaFailure.SIGNATURE_INVALID, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-15 signing certificate expired (still configured) is refused")
    void SAML_15_expired_signing_certificate() {
        AssertionSpec spec = XuaFixture.assertionA();
        spec.signer = XuaFixture.IDP_A_EXPIRED;
        assertRejected(XuaFailure.SIGNING_CERTIFICATE, TestEnvelope.of(spec.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-15 revoked signing key = removed from the partner directory: refused")
    void SAML_15_revoked_by_removal() {
        Partner withoutKey = Partner.builder(XuaFixture.A.name(), XuaFixture.A.homeCommunityId())
                .samlIssuer(new SamlIssuer(XuaFixture.ISSUER_A, List.of(XuaFixture.IDP_A_EXPIRED.certificate())))
                .audience(XuaFixture.OUR_HCID).build();
        AssertionValidator v = new AssertionValidator(new PartnerDirectory(List.of(withoutKey)), XuaSettings.defaults(),
                new InMemoryReplayCache(), Clock.systemUTC());
        TestEnvelope env = validA().reparsed();
        XuaRejection r = assertThrows(XuaRejection.class,
                () -> v.validate(new XuaRequest(env.security(), env.messageId, null, null, null)));
        assertEquals(XuaFailure.UNTRUSTED_KEY, r.failure(), r.detail());
    }

    @Test
    @DisplayName("SAML-28 XSLT transform (document() to a canary, Xalan exec) is refused before any transform runs")
    void SAML_28_xslt_transform() throws Exception {
        try (Canary canary = new Canary()) {
            for (String stylesheet : List.of(
                    "<xsl:value-of select=\"document('" + canary.url("/xslt") + "')\"/>",
                    "<xsl:value-of select=\"rt:exec(rt:getRuntime(),'touch /tmp/xua-xslt-pwned')\" "
                            + "xmlns:rt=\"http://xml.apache.org/xalan/java/java.lang.Runtime\"/>")) {
                TestEnvelope env = validA();
                Element transforms = Mutate.descendant(Mutate.signature(env.assertion()), WssNames.DS, "Transforms");
                Element t = env.doc.createElementNS(WssNames.DS, "ds:Transform");
                t.setAttributeNS(null, "Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116");
                Element xsl = (Element) env.doc.importNode(TestEnvelope.parse(("<xsl:stylesheet version=\"1.0\" "
                        + "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:template match=\"/\">" + stylesheet
                        + "</xsl:template></xsl:stylesheet>").getBytes()).getDocumentElement(), true);
                t.appendChild(xsl);
                transforms.insertBefore(t, transforms.getFirstChild());
                assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
            }
            assertEquals(0, canary.hits());
            assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/xua-xslt-pwned")));
        }
    }

    @Test
    @DisplayName("SAML-29 external and file: Reference URIs, RetrievalMethod and KeyInfoReference: refused, nothing fetched")
    void SAML_29_external_references() throws Exception {
        try (Canary canary = new Canary()) {
            for (String uri : List.of(canary.url("/big.tar.gz"), "file:///etc/passwd", "")) {
                TestEnvelope env = validA();
                Mutate.descendant(Mutate.signature(env.assertion()), WssNames.DS, "Reference").setAttributeNS(null, "URI", uri);
                assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
            }
            TestEnvelope retrieval = validA();
            Element keyInfo = Mutate.descendant(Mutate.signature(retrieval.assertion()), WssNames.DS, "KeyInfo");
            Element rm = retrieval.doc.createElementNS(WssNames.DS, "ds:RetrievalMethod");
            rm.setAttributeNS(null, "URI", canary.url("/key"));
            keyInfo.insertBefore(rm, keyInfo.getFirstChild());
            assertRejected(XuaFailure.SIGNATURE_PROFILE, retrieval, XuaFixture.tlsA());

            TestEnvelope reference = validA();
            Element kir = reference.doc.createElementNS(WssNames.DS11, "dsig11:KeyInfoReference");
            kir.setAttributeNS(null, "URI", "#" + reference.assertion().getAttribute("ID"));
            Mutate.descendant(Mutate.signature(reference.assertion()), WssNames.DS, "KeyInfo").appendChild(kir);
            assertRejected(XuaFailure.SIGNATURE_PROFILE, reference, XuaFixture.tlsA());
            assertEquals(0, canary.hits());
        }
    }

    @Test
    @DisplayName("SAML-29 more references than allowed (2 and 31) and more than two transforms (6) are refused")
    void SAML_29_reference_and_transform_limits() {
        for (int count : new int[] {2, 31}) {
            TestEnvelope env = validA();
            Element reference = Mutate.descendant(Mutate.signature(env.assertion()), WssNames.DS, "Reference");
            for (int i = 1; i < count; i++) {
                reference.getParentNode().appendChild(reference.cloneNode(true));
            }
            assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
        }
        TestEnvelope env = validA();
        Element transforms = Mutate.descendant(Mutate.signature(env.assertion()), WssNames.DS, "Transforms");
        Element c14n = Mutate.lastChildElement(transforms);
        for (int i = 0; i < 4; i++) {
            transforms.appendChild(c14n.cloneNode(true));
        }
        assertRejected(XuaFailure.SIGNATURE_PROFILE, env, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-30 RSA-SHA1 and SHA-1 digest (validly signed with the trusted key) are unsupported algorithms")
    void SAML_30_sha1() {
        AssertionSpec rsaSha1 = XuaFixture.assertionA();
        rsaSha1.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1;
        assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, TestEnvelope.of(rsaSha1.build()), XuaFixture.tlsA());

        AssertionSpec sha1Digest = XuaFixture.assertionA();
        sha1Digest.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1;
        assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, TestEnvelope.of(sha1Digest.build()), XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-30 MD5, DSA-SHA1, ECDSA-SHA1 and HMAC-SHA1 with HMACOutputLength 0 are unsupported algorithms")
    void SAML_30_weak_algorithm_uris() {
        for (String alg : List.of("http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", "http://www.w3.org/2000/09/xmldsig#hmac-sha1")) {
            TestEnvelope env = validA();
            Mutate.setAlgorithm(env.assertion(), "SignatureMethod", alg);
            assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, env, XuaFixture.tlsA());
        }
        TestEnvelope hmac = validA();
        Mutate.setAlgorithm(hmac.assertion(), "SignatureMethod", "http://www.w3.org/2000/09/xmldsig#hmac-sha1");
        Element len = hmac.doc.createElementNS(WssNames.DS, "ds:HMACOutputLength");
        len.setTextContent("0");
        Mutate.descendant(Mutate.signature(hmac.assertion()), WssNames.DS, "SignatureMethod").appendChild(len);
        assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, hmac, XuaFixture.tlsA());

        TestEnvelope md5Digest = validA();
        Mutate.setAlgorithm(md5Digest.assertion(), "DigestMethod", "http://www.w3.org/2001/04/xmldsig-more#md5");
        assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, md5Digest, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-30 a 1024-bit RSA signing key is never used, even if configured in code")
    void SAML_30_rsa_1024() {
        TestKeys weak = TestKeys.rsa("CN=weak", 1024, "SHA256withRSA", java.time.Instant.now().minusSeconds(60),
                java.time.Instant.now().plusSeconds(3600));
        Partner p = Partner.builder("weak", "urn:oid:1.2.3.4").samlIssuer(new SamlIssuer("https://idp.weak.example",
                List.of(weak.certificate()))).audience(XuaFixture.OUR_HCID).build();
        AssertionValidator v = new AssertionValidator(new PartnerDirectory(List.of(p)), XuaSettings.defaults(),
                new InMemoryReplayCache(), Clock.systemUTC());
        AssertionSpec spec = XuaFixture.assertionA();
        spec.issuer = "https://idp.weak.example";
        spec.signer = weak;
        TestEnvelope env = TestEnvelope.of(spec.build()).reparsed();
        XuaRejection r = assertThrows(XuaRejection.class,
                () -> v.validate(new XuaRequest(env.security(), env.messageId, null, null, null)));
        assertEquals(XuaFailure.SIGNATURE_INVALID, r.failure(), r.detail());
    }

    @Test
    @DisplayName("SAML-31 c14n WithComments, inclusive c14n and an unknown c14n URI in SignedInfo are refused")
    void SAML_31_canonicalization() {
        for (String alg : List.of(SignatureConstants.ALGO_ID_C14N_EXCL_WITH_COMMENTS, SignatureConstants.ALGO_ID_C14N_OMIT_COMMENTS,
                "urn:example:c14n")) {
            TestEnvelope env = validA();
            Mutate.setAlgorithm(env.assertion(), "CanonicalizationMethod", alg);
            assertRejected(XuaFailure.UNSUPPORTED_ALGORITHM, env, XuaFixture.tlsA());
        }
        TestEnvelope transform = validA();
        Element c14n = Mutate.lastChildElement(
                Mutate.descendant(Mutate.signature(transform.assertion()), WssNames.DS, "Transforms"));
        c14n.setAttributeNS(null, "Algorithm", SignatureConstants.ALGO_ID_C14N_EXCL_WITH_COMMENTS);
        assertRejected(XuaFailure.SIGNATURE_PROFILE, transform, XuaFixture.tlsA());
    }

    @Test
    @DisplayName("SAML-31 InclusiveNamespaces PrefixList tampering and a prefix re-declared mid-assertion break the signature")
    void SAML_31_prefix_games() {
        TestEnvelope prefix = validA();
        Element c14n = Mutate.lastChildElement(
                Mutate.descendant(Mutate.signature(prefix.assertion()), WssNames.DS, "Transforms"));
        Element ins = Mutate.child(c14n, WssNames.EXC_C14N, "InclusiveNamespaces");
        if (ins == null) {
            ins = prefix.doc.createElementNS(WssNames.EXC_C14N, "ec:InclusiveNamespaces");
            c14n.appendChild(ins);
        }
        ins.setAttributeNS(null, "PrefixList", "wsse s");
        assertRejected(XuaFailure.SIGNATURE_INVALID, prefix, XuaFixture.tlsA());

        TestEnvelope base = validA();
        TestEnvelope redeclared = base.withText(base.text().replaceFirst("<saml2:Subject>",
                "<saml2:Subject xmlns:saml2=\"urn:example:not-saml\">"));
        XuaRejection r = reject(redeclared, XuaFixture.tlsA());
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.Set.of(XuaFailure.SIGNATURE_INVALID, XuaFailure.MALFORMED_ASSERTION).contains(r.failure()),
                r.detail());
    }
}
