// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.imagingexchange.gateway.audit.AuditRecordView;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.security.pki.ClientKind;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.tls.jsse.CrlSource;
import org.imagingexchange.gateway.security.tls.jsse.PartnerTrustManager;
import org.imagingexchange.gateway.security.tls.jsse.RejectionLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS-14 in-process: refusals of the real partner trust manager, taken from its
 * {@link RejectionLog} as the running gateway takes them, become Security Alerts (110113 /
 * 110126) in the real audit service. Over a real handshake and to the syslog repository:
 * {@code MutualTlsIT}.
 */
class NodeAuthenticationAuditTest {
    static final String HCID_B = "urn:oid:1.3.6.1.4.1.21367.2026.88.2";
    @TempDir
    static Path dir;
    static PartnerTrustManager trustManager;
    static X509Certificate[] weak;
    static X509Certificate[] expiredOfPartner;

    /** The trust manager's log, read as {@link NodeAuthenticationFailures} reads it across the class loaders. */
    static final NodeAuthenticationAudit.Source LOG = new NodeAuthenticationAudit.Source() {
        @Override
        public List<NodeAuthenticationFailures.Failure> drain() {
            return RejectionLog.drain().stream().map(NodeAuthenticationFailures::failure).toList();
        }

        @Override
        public long takeDropped() {
            return RejectionLog.takeDropped();
        }
    };

    @BeforeAll
    static void pki() throws Exception {
        LabPki pki = new LabPki(dir.resolve("lab"));
        pki.init(LabPki.DEFAULT_CA, KeyType.RSA_2048, Duration.ofDays(365), Duration.ofDays(30));
        CommunityFiles community = pki.community(LabPki.CommunityRequest.of("hospital-a", "urn:oid:1.2.3"));
        KeyStore trustStore = KeyStores.read(community.trustStore(),
                community.readPasswords().get("truststore.password").toCharArray());
        TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        pkix.init(trustStore);
        trustManager = new PartnerTrustManager(trustStore, pkix.getTrustManagers(), CrlSource.fromSetting(null));
        weak = PartnerTrustManagerTest.chain(pki.client("weak", ClientKind.RSA_1024, LabPki.DEFAULT_CA, null));
        expiredOfPartner = PartnerTrustManagerTest.chain(pki.client("partner-b", ClientKind.EXPIRED,
                LabPki.DEFAULT_CA, HCID_B));
    }

    @BeforeEach
    void forgetEarlierRefusals() {
        RejectionLog.drain();
        RejectionLog.takeDropped();
    }

    static PartnerDirectory partnerB() {
        return new PartnerDirectory(List.of(Partner.builder("hospital-b", HCID_B)
                .tlsIdentity(new TlsIdentity(expiredOfPartner[0].getSubjectX500Principal(), null)).build()));
    }

    @Test
    void eachRefusedCertificateBecomesANodeAuthenticationAlert() throws Exception {
        // an engine as Liberty's channel would have it, knowing the client's address
        var engine = SSLContext.getDefault().createSSLEngine("192.0.2.7", 41443);
        engine.setUseClientMode(false);
        assertThrows(CertificateException.class, () -> trustManager.checkClientTrusted(weak, "RSA", engine));
        assertThrows(CertificateException.class, () -> trustManager.checkClientTrusted(expiredOfPartner, "RSA"));
        try (AuditTrail trail = AuditTrail.start()) {
            NodeAuthenticationAudit audit = new NodeAuthenticationAudit(LOG, trail.auditor(), partnerB(), false);
            assertEquals(2, audit.drain());
            assertEquals(0, audit.drain(), "each refusal is audited once");

            List<AuditRecordView> alerts = trail.alertsAfter(0);
            assertEquals(2, alerts.size(), alerts.toString());
            for (AuditRecordView a : alerts) {
                assertEquals("110113", a.eventId());
                assertTrue(a.eventType().contains("110126"), "Node Authentication: " + a.eventType());
                assertEquals(8, a.outcome(), "serious failure");
            }
            AuditRecordView weakAlert = alerts.get(0);
            assertTrue(weakAlert.description().contains("subject=" + weak[0].getSubjectX500Principal().getName()),
                    weakAlert.description());
            assertTrue(weakAlert.description().contains("issuer=" + weak[0].getIssuerX500Principal().getName()));
            assertTrue(weakAlert.description().contains("serial=" + weak[0].getSerialNumber().toString(16)));
            assertTrue(weakAlert.description().contains("RSA key of 1024 bits"), weakAlert.description());
            assertEquals("192.0.2.7", weakAlert.remoteAddress());
            assertTrue(weakAlert.xml().contains("NetworkAccessPointID=\"192.0.2.7\""), weakAlert.xml());
            assertNull(weakAlert.partner(), "a certificate no partner registered");

            AuditRecordView partnerAlert = alerts.get(1);
            assertEquals(HCID_B, partnerAlert.partner(), "attributed to the partner whose certificate expired");
            assertTrue(partnerAlert.description().contains("validity check failed"), partnerAlert.description());
            assertNull(partnerAlert.remoteAddress(), "no engine or socket: address unknown");
        }
    }

    @Test
    void aFloodKeepsABoundedLogAndAuditsTheCountOfTheRest() throws Exception {
        int refusals = RejectionLog.CAPACITY + 37;
        for (int i = 0; i < refusals; i++) {
            assertThrows(CertificateException.class, () -> trustManager.checkClientTrusted(weak, "RSA"));
        }
        try (AuditTrail trail = AuditTrail.start()) {
            NodeAuthenticationAudit audit = new NodeAuthenticationAudit(LOG, trail.auditor(), partnerB(), false);
            assertEquals(RejectionLog.CAPACITY + 1, audit.drain(), "the kept refusals and one alert with the count of the rest");
            AuditRecordView newest = trail.securityAlerts(null).get(0);
            assertTrue(newest.description().startsWith("37 more client certificate(s) refused"), newest.description());
            assertTrue(newest.eventType().contains("110126"), newest.eventType());
            assertEquals(0, audit.drain(), "the count is audited once");
        }
    }
}
