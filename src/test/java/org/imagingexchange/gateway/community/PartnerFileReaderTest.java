// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner file: a complete example reads into the directory with every field; each kind of
 * mistake stops the start with a message naming file, line, partner and field.
 */
class PartnerFileReaderTest {
    static final String OURS = "urn:oid:1.3.6.1.4.1.21367.2026.1.1";
    static X509Certificate idpB;
    static X509Certificate idpC;
    static X509Certificate tlsB;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        idpB = TestCertificates.rsa("CN=XUA signer, O=Hospital B", 2048, "SHA256withRSA");
        idpC = TestCertificates.ec("CN=XUA signer, O=Clinic C", "secp256r1");
        tlsB = TestCertificates.rsa("CN=gateway.hospital-b.example, O=Hospital B", 2048, "SHA256withRSA");
    }

    static String example(String tlsFingerprint) {
        return """
                # Partner directory of this gateway (GATEWAY_PARTNERS_FILE)
                partners:
                  - name: hospital-b
                    homeCommunityId: urn:oid:1.3.6.1.4.1.21367.2026.3.1
                    tls:
                      - subjectDn: "%s"
                        sha256: "%s"
                    samlIssuers:
                      - entityId: https://idp.hospital-b.example/sts
                        signingCertificates:
                          - certs/hospital-b-idp.pem
                    audience:
                      - urn:oid:1.3.6.1.4.1.21367.2026.1.1
                      - https://gateway.example.org/services
                    subjectConfirmation: [bearer, holder-of-key]
                    requiredAttributes: [subject-id, organization-id, role, purpose-of-use]
                    purposesOfUse:
                      - {code: TREATMENT, codeSystem: 2.16.840.1.113883.3.18.7.1, displayName: Treatment}
                      - {code: NORM, codeSystem: 2.16.756.5.30.1.127.3.10.5}
                    roles:
                      - {code: "309343006", codeSystem: 2.16.840.1.113883.6.96, codeSystemName: SNOMED_CT}
                    endpoints:
                      iti38: https://gateway.hospital-b.example/services/rg/iti38
                      iti39: https://gateway.hospital-b.example/services/rg/iti39
                      rad75: https://gateway.hospital-b.example/services/rg/rad75
                    timeouts: {connect: 5s, idle: 2m, query: 20s}
                    maxConcurrentRequests: 4
                    outboundAssertion: forward

                  - name: clinic-c
                    homeCommunityId: urn:oid:1.3.6.1.4.1.21367.2026.4.1
                    enabled: false
                    samlIssuers:
                      - entityId: https://idp.clinic-c.example/sts
                        signingCertificates:
                          - |
                %s
                    purposesOfUse: any
                    roles: any
                """.formatted(tlsB.getSubjectX500Principal().getName(), tlsFingerprint, TestCertificates.pem(idpC).strip().indent(12).stripTrailing());
    }

    private Path write(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/hospital-b-idp.pem"), TestCertificates.pem(idpB));
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private PartnerDirectoryException error(String yaml) throws Exception {
        Path file = write(yaml);
        return assertThrows(PartnerDirectoryException.class, () -> PartnerDirectory.load(file, OURS));
    }

    @Test
    @DisplayName("the example partner file reads into partners with every field, and the lookups answer")
    void exampleFile() throws Exception {
        String fp = Certificates.sha256(tlsB).toUpperCase().replaceAll("(..)(?!$)", "$1:");
        PartnerDirectory d = PartnerDirectory.load(write(example(fp)), OURS);
        assertEquals(2, d.partners().size());
        Partner b = d.byHomeCommunityId("urn:oid:1.3.6.1.4.1.21367.2026.3.1").orElseThrow();
        assertEquals("hospital-b", b.name());
        assertTrue(b.enabled());
        assertEquals(tlsB.getSubjectX500Principal(), b.tlsIdentities().get(0).subject());
        assertEquals(Certificates.sha256(tlsB), b.tlsIdentities().get(0).sha256());
        assertEquals(idpB, b.samlIssuer("https://idp.hospital-b.example/sts").signingCertificates().get(0));
        assertEquals(List.of(OURS, "https://gateway.example.org/services"), b.audiences());
        assertEquals(Set.of(SubjectConfirmationMethod.BEARER, SubjectConfirmationMethod.HOLDER_OF_KEY), b.subjectConfirmations());
        assertEquals(Set.of(XspaAttribute.SUBJECT_ID, XspaAttribute.ORGANIZATION_ID, XspaAttribute.ROLE,
                XspaAttribute.PURPOSE_OF_USE), b.requiredAttributes());
        assertTrue(b.purposesOfUse().allows(CodedValue.of("NORM", "2.16.756.5.30.1.127.3.10.5")));
        assertTrue(!b.purposesOfUse().allows(CodedValue.of("NORM", "2.16.840.1.113883.5.8")));
        assertEquals("Treatment", b.purposesOfUse().values().get(0).displayName());
        assertTrue(b.roles().allows(CodedValue.of("309343006", "2.16.840.1.113883.6.96")));
        assertEquals(URI.create("https://gateway.hospital-b.example/services/rg/rad75"), b.endpoints().rad75());
        assertEquals(new PartnerLimits(Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofSeconds(20), 4), b.limits());
        assertEquals(OutboundAssertionMode.FORWARD, b.outboundAssertion());
        assertEquals(b, d.bySamlIssuer("https://idp.hospital-b.example/sts").orElseThrow());
        assertEquals(b, d.byTlsCertificate(tlsB).orElseThrow());
        assertTrue(d.byTlsCertificate(TestCertificates.rsa("CN=gateway.hospital-b.example, O=Hospital B", 2048,
                "SHA256withRSA")).isEmpty(), "same DN, other key: the fingerprint must match too");

        Partner c = d.byHomeCommunityId("urn:oid:1.3.6.1.4.1.21367.2026.4.1").orElseThrow();
        assertTrue(!c.enabled());
        assertEquals(idpC, c.samlIssuers().get(0).signingCertificates().get(0));
        assertEquals(List.of(OURS), c.audiences(), "default audience: our homeCommunityId");
        assertTrue(c.purposesOfUse().anyValue() && c.roles().anyValue());
        assertEquals(Set.of(SubjectConfirmationMethod.BEARER), c.subjectConfirmations());
        assertEquals(PartnerEndpoints.NONE, c.endpoints());
        assertNull(c.endpoints().iti38());
        assertEquals(PartnerLimits.DEFAULTS, c.limits());
    }

    @Test
    @DisplayName("an empty file or an empty list means no partners")
    void emptyFile() throws Exception {
        assertEquals(0, PartnerDirectory.load(write(""), OURS).partners().size());
        assertEquals(0, PartnerDirectory.load(write("partners: []\n"), OURS).partners().size());
    }

    @Test
    @DisplayName("errors name the file, the line, the partner and the field")
    void errorsAreExplained() throws Exception {
        String ok = example(Certificates.sha256(tlsB));
        assertMessage(error(ok.replace("    maxConcurrentRequests: 4", "    maxConcurentRequests: 4")),
                "partners.yaml:27: partner 'hospital-b': field 'maxConcurentRequests': is not a known field");
        assertMessage(error(ok.replace("urn:oid:1.3.6.1.4.1.21367.2026.3.1", "1.3.6.1.4.1.21367.2026.3.1")),
                "partners.yaml:4: partner 'hospital-b': field 'homeCommunityId': must be urn:oid:");
        assertMessage(error(ok.replace("  - name: hospital-b\n", "  - nom: hospital-b\n")),
                "partner #1: field 'name': is required");
        assertMessage(error(ok.replace("    maxConcurrentRequests: 4", "    maxConcurrentRequests: 0")),
                "field 'maxConcurrentRequests': a whole number from 1 to 1000");
        assertMessage(error(ok.replace("{connect: 5s,", "{connect: soon,")),
                "partner 'hospital-b' timeouts: field 'connect': a positive duration");
        assertMessage(error(ok.replace("iti38: https://gateway", "iti38: ftp://gateway")), "field 'iti38'");
        assertMessage(error(ok.replace("outboundAssertion: forward", "outboundAssertion: maybe")),
                "field 'outboundAssertion': one of none, forward, issue");
        assertMessage(error(ok.replace("[subject-id, organization-id", "[subject-id, organisation-id")),
                "'organisation-id' is not one of");
        assertMessage(error(ok.replace("codeSystem: 2.16.840.1.113883.3.18.7.1", "codeSystem: nhin")),
                "field 'codeSystem': must be an OID");
        assertMessage(error(ok.replace("    purposesOfUse: any\n", "")),
                "partner 'clinic-c': field 'purposesOfUse': is required for a partner with SAML issuers");
        assertMessage(error(ok.replace("sha256: \"", "sha256: \"zz")), "field 'sha256': not a SHA-256 fingerprint");
        assertMessage(error(ok.replace("subjectDn: \"", "subjectDn: \"no equals sign")), "field 'subjectDn': not a distinguished name");
        assertMessage(error(ok.replace("certs/hospital-b-idp.pem", "certs/missing.pem")),
                "field 'signingCertificates': cannot read certs/missing.pem");
        assertMessage(error(ok.replace("    homeCommunityId: urn:oid:1.3.6.1.4.1.21367.2026.4.1",
                "    homeCommunityId: urn:oid:1.3.6.1.4.1.21367.2026.3.1")),
                "homeCommunityId 'urn:oid:1.3.6.1.4.1.21367.2026.3.1' is already used by partner 'hospital-b'");
        assertMessage(error(ok.replace("https://idp.clinic-c.example/sts", "https://idp.hospital-b.example/sts")),
                "SAML issuer 'https://idp.hospital-b.example/sts' is already used");
        assertMessage(error(ok.replace("  - name: hospital-b\n", "  - name: hospital-b\n    name: again\n")),
                "field 'name': appears twice");
        assertMessage(error("partners:\n  - name: [unclosed\n"), "not valid YAML");
        assertMessage(error("partner:\n  - name: x\n"), "partners.yaml:1: partner file: field 'partner': is not a known field");
    }

    @Test
    @DisplayName("holder-of-key needs the partner's TLS identities (it is bound to the TLS client certificate)")
    void holderOfKeyNeedsTls() throws Exception {
        String ok = example(Certificates.sha256(tlsB));
        String noTls = ok.replace("    tls:\n      - subjectDn: \"" + tlsB.getSubjectX500Principal().getName()
                + "\"\n        sha256: \"" + Certificates.sha256(tlsB) + "\"\n", "");
        assertMessage(error(noTls), "field 'subjectConfirmation': holder-of-key is bound to the TLS client certificate");
    }

    @Test
    @DisplayName("SAML-30 weak signing certificates are refused at start: RSA-1024, SHA-1-signed, EC below 256 bits")
    void weakSigningCertificates() throws Exception {
        String ok = example(Certificates.sha256(tlsB));
        for (X509Certificate weak : List.of(TestCertificates.rsa("CN=weak", 1024, "SHA256withRSA"),
                TestCertificates.rsa("CN=sha1", 2048, "SHA1withRSA"))) {
            Path file = write(ok);
            Files.writeString(dir.resolve("certs/hospital-b-idp.pem"), TestCertificates.pem(weak));
            PartnerDirectoryException e = assertThrows(PartnerDirectoryException.class, () -> PartnerDirectory.load(file, OURS));
            assertMessage(e, "field 'signingCertificates': certificate CN=");
            assertTrue(e.getMessage().contains("RSA key of 1024 bits") || e.getMessage().contains("SHA1withRSA"), e.getMessage());
        }
        assertTrue(Certificates.weakness(TestCertificates.ec("CN=small", "secp224r1").getPublicKey()).contains("224"));
    }

    @Test
    @DisplayName("two partners accepting the same TLS certificate: refused at start, or the certificate identifies nobody")
    void ambiguousTlsIdentity() {
        TlsIdentity byDn = new TlsIdentity(tlsB.getSubjectX500Principal(), null);
        Partner one = Partner.builder("one", "urn:oid:1.2.3").tlsIdentity(byDn).build();
        Partner sameDn = Partner.builder("two", "urn:oid:1.2.4").tlsIdentity(byDn).build();
        PartnerDirectoryException e = assertThrows(PartnerDirectoryException.class, () -> new PartnerDirectory(List.of(one, sameDn)));
        assertTrue(e.getMessage().contains("already used by partner 'one'"), e.getMessage());

        Partner byPrint = Partner.builder("two", "urn:oid:1.2.4").tlsIdentity(new TlsIdentity(null, Certificates.sha256(tlsB))).build();
        PartnerDirectory d = new PartnerDirectory(List.of(one, byPrint));
        assertTrue(d.byTlsCertificate(tlsB).isEmpty(), "a certificate two partners accept identifies nobody");
    }

    private static void assertMessage(PartnerDirectoryException e, String expected) {
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage() + "\nexpected to contain: " + expected);
    }
}
