// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.security.xua.InboundRequest;
import org.imagingexchange.gateway.security.xua.XuaFailure;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.imagingexchange.gateway.security.xua.XuaRejection;
import org.junit.jupiter.api.Test;

/** XUA decisions become audit: a rejection a Security Alert with its exact reason; a verified user an AuditUser. */
class XuaAuditSinkTest {
    final List<SecurityAlert> alerts = new ArrayList<>();
    final Auditor capture = new Auditor() {
        @Override
        public void record(AuditEvent event) {
        }

        @Override
        public void securityAlert(SecurityAlert alert) {
            alerts.add(alert);
        }
    };

    @Test
    void rejectionIsASecurityAlertWithTheExactReason() throws Exception {
        InboundRequest request = new InboundRequest("rg/iti38", "https://gw.example:9443/services/rg/iti38",
                "urn:ihe:iti:2007:CrossGatewayQuery", "urn:uuid:1", "10.6.6.6", "CN=partner-a", null,
                Instant.parse("2026-03-01T10:00:00Z"));
        new XuaAuditSink(capture, null).rejected(request, new XuaRejection(XuaFailure.SIGNATURE_INVALID,
                "digest of the assertion does not match",
                new XuaRejection.Claimed("https://idp.a.example", "urn:oid:1.2.3", "_abc", "john")));
        assertEquals(1, alerts.size());
        SecurityAlert a = alerts.get(0);
        assertEquals(SecurityAlert.Type.AUTHENTICATION_DECISION, a.type());
        assertTrue(a.reason().startsWith("XUA-013 SIGNATURE_INVALID: digest of the assertion does not match"), a.reason());
        assertTrue(a.reason().contains("assertion=_abc"));
        assertEquals("10.6.6.6", a.remoteAddress());
        assertEquals("urn:oid:1.2.3", a.partner());
        assertEquals("https://gw.example:9443/services/rg/iti38", a.endpoint());
        AuditRecord r = new AuditMessages("GATEWAY", "site", "imaging-gateway", "10.1.2.3").record(a);
        AuditXml.validate(r.xml());
        assertEquals("110143", r.eventType());

        assertEquals(SecurityAlert.Type.NODE_AUTHENTICATION, XuaAuditSink.type(XuaFailure.TLS_IDENTITY));
        assertEquals(SecurityAlert.Type.AUTHORIZATION_DECISION, XuaAuditSink.type(XuaFailure.ACCESS_DENIED));
    }

    @Test
    void verifiedPrincipalBecomesTheAuditUser() {
        XuaPrincipal p = new XuaPrincipal("john.doe", "JD", "Dr. John Doe", List.of("Partner Hospital"),
                List.of("urn:oid:1.2.3.4"), "urn:oid:1.2.3", List.of(new CodedValue("46255001", "2.16.840.1.113883.6.96",
                "SNOMED_CT", "Pharmacist")), List.of(CodedValue.of("TREATMENT", "2.16.840.1.113883.3.18.7.1")),
                "P1^^^&1.2.3&ISO", "https://idp.a.example", "_abc", Instant.now().plusSeconds(300), null, "urn:uuid:1",
                null);
        AuditUser u = XuaAuditSink.user(p);
        assertEquals(p.auditUserName(), u.atnaUserName());
        assertEquals("Dr. John Doe", u.subjectId());
        assertEquals("Partner Hospital", u.organization());
        assertEquals(new Code("46255001", "SNOMED_CT", "Pharmacist"), u.roles().get(0));
        assertEquals(new Code("TREATMENT", "2.16.840.1.113883.3.18.7.1", null), u.purposesOfUse().get(0));
        assertEquals("_abc", u.assertionId());
    }
}
