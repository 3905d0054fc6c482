// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** An assertion signed by an independent tool (xmlsec1) is accepted; the same one tampered is refused. */
class XmlsecInteropTest extends ValidatorHarness {

    @TempDir
    Path work;

    @Test
    @DisplayName("assertion signed by xmlsec1 (pretty-printed, InclusiveNamespaces, X509Data) is accepted")
    void xmlsec1SignedAssertionAccepted() throws Exception {
        byte[] signed = XmlsecSigner.signedAssertionOfB(work);
        assertTrue(new String(signed, StandardCharsets.UTF_8).contains("<ds:X509Certificate>"), "xmlsec1 filled X509Data");
        Element assertion = TestEnvelope.parse(signed).getDocumentElement();
        XuaPrincipal p = accept(TestEnvelope.of(assertion), XuaFixture.TLS_B.certificate());
        assertEquals("9801000050702", p.nameId());
        assertEquals("Erika Muster", p.subjectId());
        assertEquals("HCP", p.roles().get(0).code());
        assertEquals("NORM", p.purposesOfUse().get(0).code());
        assertEquals(XuaFixture.HCID_B, p.homeCommunityId());
        assertEquals(XuaFixture.B, p.partner());
    }

    @Test
    @DisplayName("SAML-11 the xmlsec1-signed assertion with one attribute value changed is refused (FailedCheck)")
    void xmlsec1SignedAssertionTamperedRefused() throws Exception {
        String signed = new String(XmlsecSigner.signedAssertionOfB(work), StandardCharsets.UTF_8);
        String tampered = signed.replace("Erika Muster", "Erika Mustermann");
        Element assertion = TestEnvelope.parse(tampered.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        assertRejected(XuaFailure.SIGNATURE_INVALID, TestEnvelope.of(assertion), XuaFixture.TLS_B.certificate());
    }
}
