// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.imagingexchange.gateway.audit.AuditEvent.Participant;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Every kind of record the gateway writes, built with IPF and validated against the DICOM audit
 * schema (dicom2017c.xsd), with the fields ITI TF-2 3.20 / PS3.15 A.5 ask for checked by XPath.
 */
class AuditMessagesTest {
    static final String LOCAL_PID = "IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.99.3&ISO";
    static final String PARTNER_PID = "P-77^^^&1.3.6.1.4.1.21367.13.20.1000&ISO";
    static final String PARTNER = "urn:oid:1.3.6.1.4.1.21367.2026.7.1";
    static final String QUERY = "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\"/>";

    final AuditMessages messages = new AuditMessages("GATEWAY", "urn:oid:1.3.6.1.4.1.21367.2026.99.1",
            "imaging-gateway", "10.1.2.3");

    static AuditUser user() {
        return new AuditUser("john.doe", "JD", "https://idp.partner.example/saml", "Dr. John Doe", "Partner Hospital",
                "urn:oid:1.2.3.4", PARTNER,
                List.of(new Code("46255001", "SNOMED_CT", "Pharmacist")),
                List.of(new Code("TREATMENT", "2.16.840.1.113883.3.18.7.1", "Treatment")), "_a1b2c3");
    }

    static Document valid(AuditRecord r) throws Exception {
        AuditXml.validate(r.xml());
        return AuditXml.parse(r.xml());
    }

    @Test
    void iti18QueryServedWithXuaUserAndBothPatientIds() throws Exception {
        Instant t = Instant.parse("2026-03-01T10:15:30.123Z");
        List<AuditRecord> records = messages.records(AuditEvent.served(Transaction.ITI_18)
                .time(t)
                .source(Participant.of("http://www.w3.org/2005/08/addressing/anonymous", "10.9.9.9"))
                .destination(Participant.of("https://gw.example/services/xds/iti18", "10.1.2.3"))
                .user(user()).patient(LOCAL_PID).patient(PARTNER_PID).partner(PARTNER)
                .query("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", QUERY, PARTNER)
                .build());
        assertEquals(1, records.size());
        AuditRecord r = records.get(0);
        Document d = valid(r);
        assertEquals("110112", r.eventId());
        assertEquals("ITI-18", r.eventType());
        assertEquals("E", r.action());
        assertEquals(0, r.outcome());
        assertEquals(t, r.time());
        assertEquals("2026-03-01T10:15:30.123Z", AuditXml.text(d, "/AuditMessage/EventIdentification/@EventDateTime"));
        assertEquals("Registry Stored Query",
                AuditXml.text(d, "/AuditMessage/EventIdentification/EventTypeCode/@originalText"));
        assertEquals("TREATMENT", AuditXml.text(d, "/AuditMessage/EventIdentification/PurposeOfUse/@csd-code"));
        // source (the requestor) first, then the human requestor, then our endpoint as destination
        assertEquals("110153", AuditXml.text(d, "/AuditMessage/ActiveParticipant[1]/RoleIDCode/@csd-code"));
        assertEquals("10.9.9.9", AuditXml.text(d, "/AuditMessage/ActiveParticipant[1]/@NetworkAccessPointID"));
        assertEquals("JD<john.doe@https://idp.partner.example/saml>",
                AuditXml.text(d, "/AuditMessage/ActiveParticipant[2]/@UserName"));
        assertEquals("true", AuditXml.text(d, "/AuditMessage/ActiveParticipant[2]/@UserIsRequestor"));
        assertEquals("46255001", AuditXml.text(d, "/AuditMessage/ActiveParticipant[2]/RoleIDCode/@csd-code"));
        assertEquals("https://gw.example/services/xds/iti18",
                AuditXml.text(d, "/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110152']/@UserID"));
        assertTrue(!AuditXml.text(d, "/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110152']"
                + "/@AlternativeUserID").isEmpty(), "destination carries our process id");
        assertEquals(2, AuditXml.count(d, "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='1']"));
        assertEquals(LOCAL_PID, AuditXml.text(d,
                "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='1'][1]/@ParticipantObjectID"));
        String query = "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='24']";
        assertEquals("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", AuditXml.text(d, query + "/@ParticipantObjectID"));
        assertEquals("ITI-18", AuditXml.text(d, query + "/ParticipantObjectIDTypeCode/@csd-code"));
        assertEquals(QUERY, new String(Base64.getDecoder().decode(AuditXml.text(d, query + "/ParticipantObjectQuery")),
                StandardCharsets.UTF_8));
        assertEquals(PARTNER, new String(Base64.getDecoder().decode(AuditXml.text(d,
                query + "/ParticipantObjectDetail[@type='urn:ihe:iti:xca:2010:homeCommunityId']/@value")),
                StandardCharsets.UTF_8));
        assertEquals(List.of(LOCAL_PID, PARTNER_PID), r.patientIds());
        assertEquals(PARTNER, r.partner());
        assertEquals("10.9.9.9", r.remoteAddress());
    }

    @Test
    void partialSuccessQueryIsRecordedAsSuccessAndFailure() throws Exception {
        List<AuditRecord> records = messages.records(AuditEvent.called(Transaction.ITI_38)
                .outcome(Outcome.PARTIAL_SUCCESS, "XDSUnavailableCommunity")
                .source(Participant.of("urn:oid:1.3.6.1.4.1.21367.2026.99.1", "10.1.2.3"))
                .destination(Participant.of("https://partner.example/xca/iti38", "10.7.7.7"))
                .user(user()).patient(LOCAL_PID).partner(PARTNER)
                .query("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", QUERY, PARTNER).build());
        assertEquals(2, records.size());
        Document ok = valid(records.get(0));
        Document failed = valid(records.get(1));
        assertEquals("0", AuditXml.text(ok, "/AuditMessage/EventIdentification/@EventOutcomeIndicator"));
        assertEquals("8", AuditXml.text(failed, "/AuditMessage/EventIdentification/@EventOutcomeIndicator"));
        assertEquals("XDSUnavailableCommunity", AuditXml.text(failed, "/AuditMessage/EventIdentification/EventOutcomeDescription"));
        assertEquals("ITI-38", records.get(1).eventType());
        // called side: we are the source, with our process id
        assertEquals("urn:oid:1.3.6.1.4.1.21367.2026.99.1",
                AuditXml.text(ok, "/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110153']/@UserID"));
        assertEquals("10.7.7.7", records.get(0).remoteAddress());
    }

    @Test
    void iti43ServedIsExportAndPartialSuccessSplitsTheDocuments() throws Exception {
        List<AuditRecord> records = messages.records(AuditEvent.served(Transaction.ITI_43)
                .outcome(Outcome.PARTIAL_SUCCESS, "XDSDocumentUniqueIdError")
                .source(Participant.of("http://www.w3.org/2005/08/addressing/anonymous", "10.9.9.9"))
                .destination(Participant.of("https://gw.example/services/xds/iti43", "10.1.2.3"))
                .patient(LOCAL_PID)
                .document("1.2.3.1", "1.3.6.1.4.1.21367.2026.99.2", null, true)
                .document("1.2.3.2", "1.3.6.1.4.1.21367.2026.99.2", null, false)
                .build());
        assertEquals(2, records.size());
        for (AuditRecord r : records) {
            assertEquals("110106", r.eventId());
            assertEquals("R", r.action());
        }
        Document ok = valid(records.get(0));
        Document failed = valid(records.get(1));
        String docs = "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='3']";
        assertEquals("1.2.3.1", AuditXml.text(ok, docs + "/@ParticipantObjectID"));
        assertEquals(1, AuditXml.count(ok, docs));
        assertEquals("1.2.3.2", AuditXml.text(failed, docs + "/@ParticipantObjectID"));
        assertEquals("9", AuditXml.text(ok, docs + "/ParticipantObjectIDTypeCode/@csd-code"));
        assertEquals(1, AuditXml.count(ok, docs + "/ParticipantObjectDetail[@type='Repository Unique Id']"));
        assertEquals(0, records.get(0).outcome());
        assertEquals(8, records.get(1).outcome());
    }

    @Test
    void iti43CalledIsImport() throws Exception {
        AuditRecord r = messages.records(AuditEvent.called(Transaction.ITI_43)
                .source(Participant.of("imaging-gateway", "10.1.2.3"))
                .destination(Participant.of("https://registry.example/iti43", "10.5.5.5"))
                .patient(LOCAL_PID).document("1.2.3.1", "1.3.6.1.4.1.21367.2026.99.2", null, true).build()).get(0);
        valid(r);
        assertEquals("110107", r.eventId());
        assertEquals("C", r.action());
    }

    /** What the gateway sends to the community's external registry and Imaging Document Source (ExternalActors). */
    @Test
    void callsToTheCommunitysExternalActorsAreConsumerRecords() throws Exception {
        AuditRecord query = messages.records(AuditEvent.called(Transaction.ITI_18)
                .outcome(Outcome.FAILURE, "XDSRegistryNotAvailable")
                .destination(Participant.of("https://registry.example/iti18", "registry.example"))
                .patient(LOCAL_PID).query("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", QUERY, null).build()).get(0);
        valid(query);
        assertEquals("110112", query.eventId());
        assertEquals("ITI-18", query.eventType());
        AuditRecord images = messages.records(AuditEvent.called(Transaction.RAD_69)
                .destination(Participant.of("https://pacs.example/rad69", "pacs.example"))
                .document("1.2.3.3.1", "1.2.3.9", null, true).document("1.2.3.3.2", "1.2.3.9", null, false).build())
                .get(0);
        valid(images);
        assertEquals("110103", images.eventId());
        assertEquals("RAD-69", images.eventType());
    }

    @Test
    void iti39ServedAndCalled() throws Exception {
        AuditRecord served = messages.records(AuditEvent.served(Transaction.ITI_39).user(user()).patient(PARTNER_PID)
                .partner(PARTNER).document("1.2.3.9", "1.3.6.1.4.1.21367.2026.99.2", PARTNER, true).build()).get(0);
        Document d = valid(served);
        assertEquals("110106", served.eventId());
        assertEquals(1, AuditXml.count(d, "//ParticipantObjectDetail[@type='ihe:homeCommunityID']"));
        AuditRecord called = messages.records(AuditEvent.called(Transaction.ITI_39).patient(LOCAL_PID)
                .partner(PARTNER).document("1.2.3.9", "1.3.6.1.4.1.21367.2026.99.2", PARTNER, true).build()).get(0);
        valid(called);
        assertEquals("110107", called.eventId());
    }

    @Test
    void provideAndRegisterServedIsImportAndPublishedIsExport() throws Exception {
        AuditRecord received = messages.records(AuditEvent.served(Transaction.ITI_41).patient(LOCAL_PID)
                .submissionSet("1.2.3.4.5.6").document("1.2.3.7", null, null, true).build()).get(0);
        Document d = valid(received);
        assertEquals("110107", received.eventId());
        assertEquals("C", received.action());
        assertEquals("1.2.3.4.5.6", AuditXml.text(d,
                "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='20']/@ParticipantObjectID"));
        AuditRecord published = messages.records(AuditEvent.called(Transaction.RAD_68)
                .source(Participant.of("GATEWAY", "10.1.2.3"))
                .destination(Participant.of("https://repository.example/iti41", "10.4.4.4"))
                .patient(LOCAL_PID).submissionSet("1.2.3.4.5.7").document("1.2.3.8", null, null, true).build()).get(0);
        valid(published);
        assertEquals("110106", published.eventId());
        assertEquals("RAD-68", published.eventType());
        assertEquals("R", published.action());
    }

    @Test
    void rad69ServedIsDicomInstancesTransferredPerStudy() throws Exception {
        List<AuditRecord> records = messages.records(AuditEvent.served(Transaction.RAD_69)
                .outcome(Outcome.PARTIAL_SUCCESS, "XDSDocumentUniqueIdError")
                .source(Participant.of("http://www.w3.org/2005/08/addressing/anonymous", "10.9.9.9"))
                .destination(Participant.of("https://gw.example/services/xds/rad69", "10.1.2.3"))
                .patient(LOCAL_PID)
                .study(new StudyRef("1.2.840.1", List.of("1.2.840.1.1", "1.2.840.1.2"), 20, null, null, true))
                .study(new StudyRef("1.2.840.1", List.of("1.2.840.1.2"), 1, null, null, false))
                .build());
        assertEquals(2, records.size());
        Document ok = valid(records.get(0));
        valid(records.get(1));
        assertEquals("110104", records.get(0).eventId());
        assertEquals("RAD-69", records.get(0).eventType());
        assertEquals("R", records.get(0).action());
        String study = "/AuditMessage/ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='110180']";
        assertEquals("1.2.840.1", AuditXml.text(ok, study + "/@ParticipantObjectID"));
        assertEquals(2, AuditXml.count(ok, study + "/ParticipantObjectDetail"));
        assertEquals(LOCAL_PID, AuditXml.text(ok,
                "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='1']/@ParticipantObjectID"));
    }

    @Test
    void rad75CalledIsDicomInstancesAccessed() throws Exception {
        AuditRecord r = messages.records(AuditEvent.called(Transaction.RAD_75).user(user()).patient(PARTNER_PID)
                .patient(LOCAL_PID).partner(PARTNER)
                .study(new StudyRef("1.2.840.1", List.of("1.2.840.1.1"), 3, "1.2.3", PARTNER, true)).build()).get(0);
        valid(r);
        assertEquals("110103", r.eventId());
        assertEquals("RAD-75", r.eventType());
        AuditRecord served = messages.records(AuditEvent.served(Transaction.RAD_75).user(user()).patient(PARTNER_PID)
                .partner(PARTNER).study(new StudyRef("1.2.840.1", List.of(), 3, "1.2.3", PARTNER, true)).build()).get(0);
        valid(served);
        assertEquals("110104", served.eventId());
    }

    @Test
    void ingestIsDicomInstancesTransferredCreate() throws Exception {
        AuditRecord r = messages.records(AuditEvent.served(Transaction.DICOM_INGEST)
                .destination(Participant.of("GATEWAY", "10.1.2.3")).patient(LOCAL_PID)
                .study(new StudyRef("1.2.840.1", List.of("1.2.840.1.1"), 36, null, null, true)).build()).get(0);
        Document d = valid(r);
        assertEquals("110104", r.eventId());
        assertEquals("C", r.action());
        assertNull(r.eventType());
        assertEquals(0, AuditXml.count(d, "/AuditMessage/EventIdentification/EventTypeCode"));
        assertEquals("DICOM-INGEST", r.transaction());
    }

    @Test
    void failedTransactionCarriesTheErrorCodes() throws Exception {
        AuditRecord r = messages.records(AuditEvent.served(Transaction.ITI_18)
                .outcome(Outcome.FAILURE, "XDSUnknownPatientId").patient("NO-SUCH^^^&1.2.3&ISO").build()).get(0);
        Document d = valid(r);
        assertEquals(8, r.outcome());
        assertEquals("XDSUnknownPatientId", AuditXml.text(d, "//EventOutcomeDescription"));
    }

    @Test
    void securityAlertsOfEachType() throws Exception {
        for (SecurityAlert.Type type : SecurityAlert.Type.values()) {
            AuditRecord r = messages.record(new SecurityAlert(type, "TLS-01 no client certificate", "10.6.6.6",
                    PARTNER, "https://gw.example:9443/services/rg/iti38", null, null));
            Document d = valid(r);
            assertEquals("110113", r.eventId());
            assertEquals(type.code().getValue().getCode(), r.eventType());
            assertEquals("SECURITY-ALERT", r.transaction());
            assertEquals("10.6.6.6", AuditXml.text(d,
                    "/AuditMessage/ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='110182']/@ParticipantObjectID"));
            assertEquals("TLS-01 no client certificate", new String(Base64.getDecoder().decode(AuditXml.text(d,
                    "/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectDetail/@value")), StandardCharsets.UTF_8));
        }
        AuditRecord node = messages.record(new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, null, null, null,
                null, null, null));
        valid(node);
        assertEquals("110126", node.eventType());
        AuditRecord xua = messages.record(new SecurityAlert(SecurityAlert.Type.AUTHENTICATION_DECISION,
                "XUA-013 SIGNATURE_INVALID", "10.6.6.6", PARTNER, null, user(), null));
        Document d = valid(xua);
        assertEquals("JD<john.doe@https://idp.partner.example/saml>", AuditXml.text(d, "/AuditMessage/ActiveParticipant[2]/@UserID"));
    }

    @Test
    void applicationStartAndStop() throws Exception {
        AuditRecord start = messages.applicationActivity(true);
        AuditRecord stop = messages.applicationActivity(false);
        valid(start);
        valid(stop);
        assertEquals("110100", start.eventId());
        assertEquals("110120", start.eventType());
        assertEquals("110121", stop.eventType());
    }

    @Test
    void syslogFrameIsOctetCountedRfc5424() throws Exception {
        var collector = new AuditSettings.Collector("127.0.0.1", 6514, new AuditSettings.Tls(null, null, null, null, true),
                Duration.ofSeconds(1));
        var transport = new SyslogTlsTransport(collector, "imaging-gateway");
        try {
            String xml = messages.applicationActivity(true).xml();
            byte[] frame = transport.frame(xml);
            String s = new String(frame, StandardCharsets.UTF_8);
            int space = s.indexOf(' ');
            int length = Integer.parseInt(s.substring(0, space));
            assertEquals(frame.length - space - 1, length, "MSG-LEN counts the octets of the syslog message");
            String msg = s.substring(space + 1);
            assertTrue(msg.startsWith("<85>1 "), msg);
            String[] header = msg.split(" ", 8);
            assertEquals("imaging-gateway", header[3]);
            assertEquals("IHE+RFC-3881", header[5]);
            assertEquals("-", header[6]);
            assertTrue(header[7].startsWith("\uFEFF<?xml"), "BOM then the XML");
            assertTrue(header[7].endsWith(xml));
        } finally {
            transport.shutdown();
        }
    }
}
