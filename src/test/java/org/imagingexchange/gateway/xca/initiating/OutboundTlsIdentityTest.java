// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.imagingexchange.gateway.audit.AuditRecordView;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.OutboundAssertionMode;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.security.pki.CertificateAuthority;
import org.imagingexchange.gateway.security.pki.CertificateSpec;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.tls.NodeTlsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * CATALOGUE TLS-11 (hostname / identity mismatch on outbound calls): partner gw-b's endpoint is
 * a bare TLS server ({@link TlsStub}) that presents a certificate of the lab CA that is valid
 * but not gw-b's: another partner's, one registered to nobody, or gw-b's pinned one whose SAN is
 * another host. Each of ITI-38 (CXF), ITI-39 and RAD-75 (streamed) is refused in the handshake:
 * the stub read no byte of a request (so no PHI left), the community is XDSUnavailableCommunity
 * with the reason in its outcome, and the audit store holds a Security Alert (Node
 * Authentication) naming gw-b. The control case (gw-b's own certificate) shows the stub would
 * have seen the request.
 */
class OutboundTlsIdentityTest {
    static final String LOCAL_ID = "TLS11-1";
    AuditTrail trail;
    Rig rig;
    TlsStub stub;
    FederationPki pki;

    @BeforeEach
    void setUp() throws Exception {
        pki = FederationPki.get();
        trail = AuditTrail.start();
        rig = new Rig();
        rig.auditor = trail.auditor();
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
        if (stub != null) {
            stub.close();
        }
        trail.close();
    }

    @Test
    void TLS_11_another_partners_certificate() throws Exception {
        presenting("gw-c");
        startWithB(pki.tlsIdentity("gw-b"));
        assertRefusedEverywhere("presents the certificate of partner gw-c");
    }

    @Test
    void TLS_11_certificate_of_no_partner() throws Exception {
        presenting("gw-d"); // a valid lab node certificate with SAN 127.0.0.1, registered for nobody here
        startWithB(pki.tlsIdentity("gw-b"));
        assertRefusedEverywhere("is not one of the partner's registered TLS identities");
    }

    @Test
    void TLS_11_san_does_not_match_host() throws Exception {
        CertificateAuthority ca = new LabPki(pki.root).ca(LabPki.DEFAULT_CA);
        KeyPair key = KeyType.EC_P256.generate(new SecureRandom());
        X509Certificate cert = ca.issue(CertificateSpec.tlsNode("CN=gw-b-elsewhere,OU=gateway,O=Imaging Exchange Lab",
                false, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
                .host("gw-b.hospital-b.example").build(), key.getPublic());
        stub = new TlsStub(key.getPrivate(), new X509Certificate[] {cert, ca.certificate()}, labTrust());
        // pinned: only the host name is wrong (the endpoint is 127.0.0.1)
        startWithB(new TlsIdentity(cert.getSubjectX500Principal(), Certificates.sha256(cert)));
        assertRefusedEverywhere("IP address 127.0.0.1");
    }

    @Test
    void TLS_11_partner_without_tls_identity_is_refused() throws Exception {
        presenting("gw-b"); // its real certificate, but nothing in the partner file to check it against
        startWithB(null);
        assertRefusedEverywhere("no TLS identity registered for the partner");
    }

    /** Control: with gw-b's own certificate the handshake completes and the stub reads the request. */
    @Test
    void theRegisteredCertificateIsAccepted() throws Exception {
        presenting("gw-b");
        startWithB(pki.tlsIdentity("gw-b"));
        CrossCommunityQuery.Result r = rig.query.query(FanOutTest.findDocuments(LOCAL_ID), Requester.SYSTEM);
        assertTrue(stub.handshakes.get() >= 1 && stub.requestBytes.get() > 0, "the stub saw the ITI-38 request");
        assertEquals(HCID_B, unavailable(r.response().getErrors()).getLocation(), "503 from the stub");
        assertTrue(trail.securityAlerts(HCID_B).isEmpty(), "no security alert for an accepted certificate");
    }

    private void presenting(String community) throws Exception {
        KeyStore ks = NodeTlsClient.load(pki.community(community).keyStore(),
                pki.password(community, "keystore.password").toCharArray());
        PrivateKey key = (PrivateKey) ks.getKey("tls", pki.password(community, "keystore.password").toCharArray());
        X509Certificate[] chain = java.util.Arrays.stream(ks.getCertificateChain("tls"))
                .map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        stub = new TlsStub(key, chain, labTrust());
    }

    private KeyStore labTrust() throws Exception {
        return NodeTlsClient.load(pki.community("gw-b").trustStore(), pki.password("gw-b", "truststore.password")
                .toCharArray());
    }

    /** Partner gw-b at the stub (with {@code identity} pinned, or none) and gw-c, whose certificate some tests show. */
    private void startWithB(TlsIdentity identity) throws Exception {
        rig.partner("gw-b", HCID_B, stub.url(""), Rig.limits(Duration.ofSeconds(10)), OutboundAssertionMode.ISSUE,
                        identity)
                .partner("gw-c", HCID_C, java.net.URI.create("https://127.0.0.1:9/"), Rig.limits(Duration.ofSeconds(5)),
                        OutboundAssertionMode.ISSUE)
                .link(LOCAL_ID, HCID_B, "B-11", "1.3.6.1.4.1.21367.2026.2.3").start();
    }

    private void assertRefusedEverywhere(String reason) {
        CrossCommunityQuery.Result q = rig.query.query(FanOutTest.findDocuments(LOCAL_ID), Requester.SYSTEM);
        assertEquals(HCID_B, unavailable(q.response().getErrors()).getLocation());
        CommunityOutcome outcome = q.outcomes().stream().filter(o -> HCID_B.equals(o.homeCommunityId()))
                .findFirst().orElseThrow();
        assertEquals(CommunityOutcome.Status.UNAVAILABLE, outcome.status());
        assertTrue(outcome.detail().contains(reason), outcome.detail());

        RetrieveDocumentSet iti39 = new RetrieveDocumentSet();
        iti39.getDocuments().add(new DocumentReference("1.3.6.1.4.1.21367.2026.2.2", "1.2.3.11", HCID_B));
        RetrievedDocumentSet r39 = rig.retrieve.retrieve(iti39, Requester.SYSTEM);
        assertEquals(Status.FAILURE, r39.getStatus());
        assertEquals(HCID_B, unavailable(r39.getErrors()).getLocation());

        RetrieveImagingDocumentSet rad75 = new RetrieveImagingDocumentSet();
        rad75.getTransferSyntaxIds().add(RetrieveRoutingTest.EXPLICIT_LE);
        RetrieveRoutingTest.add(rad75, List.of(new RetrieveRoutingTest.Instance("9.1", "9.1.1", "9.1.1.1", null)),
                HCID_B, "1.3.6.1.4.1.21367.2026.2.2");
        RetrievedDocumentSet r75 = rig.retrieve.retrieveImages(rad75, Requester.SYSTEM);
        assertEquals(Status.FAILURE, r75.getStatus());
        assertEquals(HCID_B, unavailable(r75.getErrors()).getLocation());

        assertTrue(stub.attempts.get() >= 3, "each transaction reached the stub's TLS port: " + stub.attempts);
        assertEquals(0, stub.handshakes.get(), "no handshake completed at the stub");
        assertEquals(0, stub.requestBytes.get(), "no byte of any request reached the stub");
        List<AuditRecordView> alerts = trail.securityAlerts(HCID_B);
        assertTrue(alerts.size() >= 3, "a Security Alert per refused connection: " + alerts.size());
        for (AuditRecordView a : alerts) {
            assertEquals("110113", a.eventId());
            assertTrue(a.eventType().contains("110126"), "Node Authentication: " + a.eventType());
            assertEquals(8, a.outcome(), "serious failure");
            assertTrue(a.description().contains("partner gw-b") && a.description().contains(reason), a.description());
        }
    }

    private static ErrorInfo unavailable(List<ErrorInfo> errors) {
        return errors.stream().filter(e -> e.getErrorCode() == ErrorCode.UNAVAILABLE_COMMUNITY).findFirst()
                .orElseThrow(() -> new AssertionError("no XDSUnavailableCommunity in " + errors));
    }
}
