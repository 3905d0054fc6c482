// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.imagingexchange.gateway.community.CodeSet;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The access decision after XUA validation: partner, codes, homeCommunityId and patient rules. */
class AccessPolicyTest {
    static final CodedValue TREATMENT = CodedValue.of("TREATMENT", "2.16.840.1.113883.3.18.7.1");
    static final CodedValue PHYSICIAN = CodedValue.of("309343006", "2.16.840.1.113883.6.96");
    static final String HCID = "urn:oid:1.3.6.1.4.1.21367.2026.2.1";
    static final String P1 = "IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.1.3&ISO";
    static final Partner PARTNER = Partner.builder("hospital-a", HCID)
            .purposesOfUse(CodeSet.of(TREATMENT)).roles(CodeSet.of(PHYSICIAN)).build();

    private final AccessPolicy policy = new AccessPolicy();

    static XuaPrincipal principal(Partner partner, String hcid, List<CodedValue> roles, List<CodedValue> purposes,
                                  String resourceId) {
        return new XuaPrincipal("dr.house@a.example", null, "Gregory House", List.of("Hospital A"), List.of(),
                hcid, roles, purposes, resourceId, "https://idp.a.example", "_a1", Instant.now().plusSeconds(300),
                SubjectConfirmationMethod.BEARER, "urn:uuid:1", partner);
    }

    static XuaPrincipal ok() {
        return principal(PARTNER, HCID, List.of(PHYSICIAN), List.of(TREATMENT), P1);
    }

    @Test
    @DisplayName("allowed partner, purpose and role, same patient: allowed")
    void allowed() {
        assertTrue(policy.decide(ok(), "'" + P1.replace("&", "&amp;") + "'").allowed());
        assertTrue(policy.deny(ok()).isEmpty());
        assertTrue(policy.denyPatient(ok(), P1).isEmpty());
    }

    @Test
    @DisplayName("a disabled partner is denied")
    void disabledPartner() {
        Partner off = Partner.builder("hospital-a", HCID).enabled(false).purposesOfUse(CodeSet.any()).roles(CodeSet.any()).build();
        AccessDecision d = policy.decide(principal(off, HCID, List.of(), List.of(), null));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("disabled"), d.reason());
    }

    @Test
    @DisplayName("BIZ-10 homeCommunityId attribute of another community is denied")
    void BIZ_10_other_home_community() {
        AccessDecision d = policy.decide(principal(PARTNER, "urn:oid:1.3.6.1.4.1.21367.2026.3.1", List.of(PHYSICIAN),
                List.of(TREATMENT), null));
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("homeCommunityId"), d.reason());
    }

    @Test
    @DisplayName("SAML-37 purpose of use or role outside the allowed set (same code, unknown code system) is denied")
    void SAML_37_codes_outside_allowed_sets() {
        CodedValue foreignSystem = CodedValue.of("TREATMENT", "1.2.3.4.5");
        assertFalse(policy.decide(principal(PARTNER, HCID, List.of(PHYSICIAN), List.of(foreignSystem), null)).allowed());
        assertFalse(policy.decide(principal(PARTNER, HCID, List.of(PHYSICIAN), List.of(TREATMENT,
                CodedValue.of("HRESCH", "2.16.840.1.113883.5.8")), null)).allowed(), "every purpose must be allowed");
        assertFalse(policy.decide(principal(PARTNER, HCID, List.of(CodedValue.of("X", "2.16.840.1.113883.6.96")),
                List.of(TREATMENT), null)).allowed());
        AccessDecision none = policy.decide(principal(PARTNER, HCID, List.of(), List.of(TREATMENT), null));
        assertFalse(none.allowed());
        assertTrue(none.reason().contains("no role"), none.reason());
    }

    @Test
    @DisplayName("'any' accepts every code and no code at all")
    void anyCodes() {
        Partner open = Partner.builder("b", HCID).purposesOfUse(CodeSet.any()).roles(CodeSet.any()).build();
        assertTrue(policy.decide(principal(open, null, List.of(), List.of(CodedValue.of("X", "1.2")), null)).allowed());
    }

    @Test
    @DisplayName("BIZ-08 resource-id P1 but the request names P2 (other id, other assigning authority): denied")
    void BIZ_08_patient_mismatch() {
        AccessDecision other = policy.decide(ok(), "IIG-DEPT1022^^^&1.3.6.1.4.1.21367.2026.1.3&ISO");
        assertFalse(other.allowed());
        assertTrue(other.reason().contains("IIG-DEPT1022"), other.reason());
        assertFalse(policy.decide(ok(), "IIG-DEPT1021^^^&1.3.6.1.4.1.99999&ISO").allowed());
        assertFalse(policy.decide(ok(), "not a cx").allowed());
        assertFalse(policy.denyPatient(ok(), "IIG-DEPT1022^^^&1.3.6.1.4.1.21367.2026.1.3&ISO").isEmpty());
    }

    @Test
    @DisplayName("no resource-id or no patient in the request: the patient rule does not apply")
    void patientRuleNeedsBoth() {
        assertTrue(policy.decide(ok(), null).allowed());
        assertTrue(policy.decide(principal(PARTNER, HCID, List.of(PHYSICIAN), List.of(TREATMENT), null), P1).allowed());
        AccessDecision bad = policy.decide(principal(PARTNER, HCID, List.of(PHYSICIAN), List.of(TREATMENT), "garbage"), P1);
        assertFalse(bad.allowed());
    }

    @Test
    @DisplayName("CX parsing: quotes, escaped ampersands, case of the authority")
    void patientIdentifierParsing() {
        assertEquals(new PatientIdentifier("IIG-DEPT1021", "1.3.6.1.4.1.21367.2026.1.3"),
                PatientIdentifier.parse("'IIG-DEPT1021^^^&amp;1.3.6.1.4.1.21367.2026.1.3&amp;ISO'"));
        assertEquals(PatientIdentifier.parse("x^^^&ABC&ISO"), PatientIdentifier.parse("x^^^&abc&ISO"));
        assertNull(PatientIdentifier.parse("x^^^"));
        assertNull(PatientIdentifier.parse("^^^&1.2&ISO"));
        assertNull(PatientIdentifier.parse(null));
    }
}
