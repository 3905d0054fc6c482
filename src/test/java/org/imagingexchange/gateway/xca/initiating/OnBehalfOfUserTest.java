// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.imagingexchange.gateway.audit.AuditEvent;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.imagingexchange.gateway.audit.Transaction;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.junit.jupiter.api.Test;

/**
 * A verified local user behind the request: the assertion this gateway issues carries the
 * user's XSPA attributes, and the audit record of the partner call names the user with the
 * inbound assertion's ID.
 */
class OnBehalfOfUserTest {
    static final CodedValue RADIOLOGIST = new CodedValue("66862007", "2.16.840.1.113883.6.96", "SNOMED_CT",
            "Radiologist");
    static final CodedValue EMERGENCY = CodedValue.of("EMERGENCY", "2.16.840.1.113883.3.18.7.1");

    @Test
    void issuedAssertionCarriesTheUserAndTheAuditNamesTheInboundAssertion() throws Exception {
        List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (StubPartner b = StubPartner.of("gw-b", HCID_B); Rig rig = new Rig()) {
            b.queryAnswer = env -> FanOutTest.answerFor(env, HCID_B, b.repositoryUniqueId, 1);
            rig.auditor = new Auditor() {
                @Override
                public void record(AuditEvent event) {
                    events.add(event);
                }

                @Override
                public void securityAlert(SecurityAlert alert) {
                }
            };
            rig.partner(b, "gw-b", Duration.ofSeconds(5)).link("P1", HCID_B, "B-1", "1.3.6.1.4.1.21367.2026.2.3")
                    .start();
            XuaPrincipal user = new XuaPrincipal("dr.grey@hospital-a.example", null, "Meredith Grey",
                    List.of("Hospital A Radiology"), List.of("urn:oid:1.3.6.1.4.1.21367.2026.1.9"), HCID_A,
                    List.of(RADIOLOGIST), List.of(EMERGENCY), null, "https://idp.hospital-a.example", "_inbound-42",
                    Instant.now().plusSeconds(300), SubjectConfirmationMethod.BEARER, "urn:uuid:1",
                    Partner.builder("local-idp", "urn:oid:1.3.6.1.4.1.21367.2026.1.8").build());

            rig.query.query(FanOutTest.findDocuments("P1"), new Requester(user, null));

            XuaPrincipal atB = Rig.validateAtPartner(b.received("iti38").get(0), HCID_B);
            assertEquals("dr.grey@hospital-a.example", atB.nameId());
            assertEquals("Meredith Grey", atB.subjectId());
            assertTrue(atB.roles().get(0).sameConcept(RADIOLOGIST));
            assertTrue(atB.purposesOfUse().get(0).sameConcept(EMERGENCY));
            assertEquals(List.of("urn:oid:1.3.6.1.4.1.21367.2026.1.9"), atB.organizationIds());

            assertEquals(1, events.size());
            AuditEvent e = events.get(0);
            assertEquals(Transaction.ITI_38, e.transaction());
            assertEquals(HCID_B, e.partner());
            assertEquals("_inbound-42", e.user().assertionId());
            assertTrue(e.patientIds().contains("B-1^^^&1.3.6.1.4.1.21367.2026.2.3&ISO"));
            assertTrue(e.query().message().contains("B-1"), "the ITI-38 query as sent");

            // the same user, partner and patient within the reuse window: the same signed assertion
            rig.query.query(FanOutTest.findDocuments("P1"), new Requester(user, null));
            assertEquals(atB.assertionId(), Rig.validateAtPartner(b.received("iti38").get(1), HCID_B).assertionId());
            rig.clock.advance(AssertionIssuer.VALIDITY.minus(OutboundAssertions.REUSE_MARGIN));
            rig.query.query(FanOutTest.findDocuments("P1"), new Requester(user, null));
            assertTrue(!atB.assertionId().equals(
                    Rig.validateAtPartner(b.received("iti38").get(2), HCID_B).assertionId()), "a fresh one after");
            rig.query.query(FanOutTest.findDocuments("P1"), Requester.SYSTEM);
            XuaPrincipal system = Rig.validateAtPartner(b.received("iti38").get(3), HCID_B);
            assertEquals(HCID_A, system.nameId(), "the gateway itself, not the user's cached assertion");
        }
    }
}
