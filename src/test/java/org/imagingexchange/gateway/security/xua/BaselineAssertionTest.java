// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The baseline assertions are accepted and every principal field comes out as sent. */
class BaselineAssertionTest extends ValidatorHarness {

    @Test
    @DisplayName("baseline RSA-SHA256 assertion of partner A over mutual TLS is accepted with all XSPA attributes")
    void baselineAccepted() throws Exception {
        AssertionSpec spec = XuaFixture.assertionA();
        XuaPrincipal p = accept(TestEnvelope.of(spec.build()), XuaFixture.tlsA());
        assertEquals("dr.house@hospital-a.example", p.nameId());
        assertEquals("GH", p.spProvidedId());
        assertEquals("Gregory House", p.subjectId());
        assertEquals(List.of("Hospital A"), p.organizations());
        assertEquals(List.of("urn:oid:1.3.6.1.4.1.21367.2026.2.1.9"), p.organizationIds());
        assertEquals(XuaFixture.HCID_A, p.homeCommunityId());
        assertEquals(XuaFixture.PHYSICIAN, p.roles().get(0));
        assertEquals(XuaFixture.TREATMENT, p.purposesOfUse().get(0));
        assertEquals(XuaFixture.PATIENT, p.resourceId());
        assertEquals(XuaFixture.ISSUER_A, p.issuer());
        assertEquals(spec.id, p.assertionId());
        assertEquals(SubjectConfirmationMethod.BEARER, p.confirmation());
        assertEquals(XuaFixture.A, p.partner());
        assertEquals("GH<dr.house@hospital-a.example@" + XuaFixture.ISSUER_A + ">", p.auditUserName());
    }

    @Test
    @DisplayName("ECDSA-SHA256 (P-256) assertion of partner C without mutual TLS is accepted")
    void ecdsaAccepted() throws Exception {
        XuaPrincipal p = accept(TestEnvelope.of(XuaFixture.assertionC().build()), null);
        assertEquals(XuaFixture.C, p.partner());
    }

    @Test
    @DisplayName("RSA-SHA512 with SHA-512 digest, no KeyInfo, no optional attributes: accepted")
    void strongAlgorithmsWithoutKeyInfo() throws Exception {
        AssertionSpec spec = XuaFixture.assertionB();
        spec.signatureAlgorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
        spec.digestAlgorithm = "http://www.w3.org/2001/04/xmlenc#sha512";
        spec.keyInfo = false;
        spec.resourceId = null;
        spec.organizations = List.of();
        XuaPrincipal p = accept(TestEnvelope.of(spec.build()), XuaFixture.TLS_B.certificate());
        assertNull(p.resourceId());
        assertEquals(List.of(), p.organizations());
    }
}
