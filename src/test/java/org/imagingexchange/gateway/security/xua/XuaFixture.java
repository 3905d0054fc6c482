// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.CodeSet;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.community.SamlIssuer;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.community.XspaAttribute;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * The test world of the XUA tests, one place for all of it: our community, three partners with
 * real keys (A: RSA IdP + mutual TLS, bearer and holder-of-key, strict codes; B: RSA IdP, TLS by
 * fingerprint, any code; C: ECDSA IdP, no TLS identity, like a local IdP), an attacker key,
 * and the baseline valid assertion of each.
 */
final class XuaFixture {
    static final String OUR_HCID = "urn:oid:1.3.6.1.4.1.21367.2026.1.1";
    static final String OUR_URL = "https://gateway.example.org/services/xds/iti18";
    static final String HCID_A = "urn:oid:1.3.6.1.4.1.21367.2026.2.1";
    static final String HCID_B = "urn:oid:1.3.6.1.4.1.21367.2026.3.1";
    static final String HCID_C = "urn:oid:1.3.6.1.4.1.21367.2026.4.1";
    static final String ISSUER_A = "https://idp.hospital-a.example/sts";
    static final String ISSUER_B = "https://idp.hospital-b.example/sts";
    static final String ISSUER_C = "https://idp.clinic-c.example/sts";
    static final String PATIENT = "IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.1.3&ISO";
    static final String OTHER_PATIENT = "IIG-DEPT1022^^^&1.3.6.1.4.1.21367.2026.1.3&ISO";
    static final CodedValue TREATMENT = new CodedValue("TREATMENT", "2.16.840.1.113883.3.18.7.1", "nhin-purpose", "Treatment");
    static final CodedValue NORM = CodedValue.of("NORM", "2.16.756.5.30.1.127.3.10.5");
    static final CodedValue RESEARCH = CodedValue.of("HRESCH", "2.16.840.1.113883.5.8");
    static final CodedValue PHYSICIAN = new CodedValue("309343006", "2.16.840.1.113883.6.96", "SNOMED_CT", "Physician");
    static final CodedValue PATIENT_ROLE = CodedValue.of("116154003", "2.16.840.1.113883.6.96");

    static final TestKeys IDP_A = TestKeys.rsa("CN=XUA signer, O=Hospital A, C=CH");
    static final TestKeys IDP_A_EXPIRED = TestKeys.rsa("CN=XUA signer 2023, O=Hospital A, C=CH", 2048, "SHA256withRSA",
            Instant.now().minus(Duration.ofDays(800)), Instant.now().minus(Duration.ofDays(10)));
    static final TestKeys TLS_A = TestKeys.rsa("CN=gateway.hospital-a.example, O=Hospital A, C=CH");
    static final TestKeys IDP_B = TestKeys.rsa("CN=XUA signer, O=Hospital B, C=DE");
    static final TestKeys TLS_B = TestKeys.rsa("CN=gateway.hospital-b.example, O=Hospital B, C=DE");
    static final TestKeys IDP_C = TestKeys.ec("CN=XUA signer, O=Clinic C, C=AT");
    static final TestKeys ATTACKER = TestKeys.rsa("CN=XUA signer, O=Hospital A, C=CH");
    static final TestKeys TLS_UNKNOWN = TestKeys.rsa("CN=gateway.unknown.example");

    static final Partner A = Partner.builder("hospital-a", HCID_A)
            .tlsIdentity(new TlsIdentity(TLS_A.certificate().getSubjectX500Principal(), Certificates.sha256(TLS_A.certificate())))
            .samlIssuer(new SamlIssuer(ISSUER_A, List.of(IDP_A.certificate(), IDP_A_EXPIRED.certificate())))
            .audience(OUR_HCID).audience(OUR_URL)
            .subjectConfirmations(EnumSet.of(SubjectConfirmationMethod.BEARER, SubjectConfirmationMethod.HOLDER_OF_KEY))
            .requiredAttributes(EnumSet.of(XspaAttribute.SUBJECT_ID, XspaAttribute.ORGANIZATION_ID,
                    XspaAttribute.ROLE, XspaAttribute.PURPOSE_OF_USE))
            .purposesOfUse(CodeSet.of(TREATMENT, NORM))
            .roles(CodeSet.of(PHYSICIAN))
            .build();
    static final Partner B = Partner.builder("hospital-b", HCID_B)
            .tlsIdentity(new TlsIdentity(null, Certificates.sha256(TLS_B.certificate())))
            .samlIssuer(new SamlIssuer(ISSUER_B, List.of(IDP_B.certificate())))
            .audience(OUR_HCID)
            .purposesOfUse(CodeSet.any()).roles(CodeSet.any())
            .build();
    static final Partner C = Partner.builder("clinic-c", HCID_C)
            .samlIssuer(new SamlIssuer(ISSUER_C, List.of(IDP_C.certificate())))
            .audience(OUR_HCID)
            .purposesOfUse(CodeSet.of(TREATMENT)).roles(CodeSet.any())
            .build();
    static final PartnerDirectory DIRECTORY = new PartnerDirectory(List.of(A, B, C));

    private XuaFixture() {}

    /** The baseline valid assertion of partner A. */
    static AssertionSpec assertionA() {
        AssertionSpec s = new AssertionSpec();
        s.issuer = ISSUER_A;
        s.signer = IDP_A;
        s.homeCommunityId = HCID_A;
        return s;
    }

    static AssertionSpec assertionB() {
        AssertionSpec s = new AssertionSpec();
        s.issuer = ISSUER_B;
        s.signer = IDP_B;
        s.nameId = "dr.who@hospital-b.example";
        s.homeCommunityId = HCID_B;
        return s;
    }

    static AssertionSpec assertionC() {
        AssertionSpec s = new AssertionSpec();
        s.issuer = ISSUER_C;
        s.signer = IDP_C;
        s.nameId = "dr.c@clinic-c.example";
        s.homeCommunityId = HCID_C;
        s.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256;
        return s;
    }

    static AssertionValidator validator(ReplayCache replay) {
        return new AssertionValidator(DIRECTORY, XuaSettings.defaults(), replay, Clock.systemUTC());
    }

    static XuaSettings settings(Set<String> endpoints) {
        return new XuaSettings(null, endpoints, Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    static X509Certificate tlsA() {
        return TLS_A.certificate();
    }
}
