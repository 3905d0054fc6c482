// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imagingexchange.gateway.audit.AuditEvent.Participant;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.w3c.dom.Element;

/**
 * The audit table on a real database (H2 or PostgreSQL, by subclass; one fresh database per
 * class): records of each kind are stored and found by every filter of {@code GET /api/audit};
 * the send queue hands out the oldest records in order and keeps them on a failed delivery; the
 * endpoint hooks turn wire messages into the right records. Each test uses its own patient and
 * partner, so tests never see each other's records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditStoreContract {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.99.3";
    static final String SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    static final String PARTIAL = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess";

    TestDatabases.Handle database;
    AuditService audit;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void open() {
        database = openDatabase();
        audit = AuditService.start(database.db(), AuditSettings.localOnly("GATEWAY", "urn:oid:1.3.6.1.4.1.21367.2026.99.1"));
    }

    @AfterAll
    void close() {
        AuditHooks.uninstall(audit);
        if (audit != null) {
            audit.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String cx(String id) {
        return id + "^^^&" + ISSUER + "&ISO";
    }

    List<AuditRecordView> find(String from, String to, String patient, String partner, String event, String outcome,
                               String limit, String offset, String include) {
        return audit.search().find(AuditQuery.parse(from, to, patient, partner, event, outcome, limit, offset, include));
    }

    @Test
    void recordsAreFoundByTimePatientPartnerEventAndOutcome() throws Exception {
        String pid = unique("PID");
        String partnerPid = unique("P") + "^^^&1.3.6.1.4.1.21367.13.20.1000&ISO";
        String partner = "urn:oid:1.3.6.1.4.1.21367.2026.7." + System.nanoTime();
        Instant t1 = Instant.parse("2026-02-01T10:00:00.000Z");
        Instant t2 = Instant.parse("2026-02-01T11:00:00.000Z");
        Instant t3 = Instant.parse("2026-02-01T12:00:00.000Z");
        audit.record(AuditEvent.served(Transaction.ITI_18).time(t1).user(AuditMessagesTest.user())
                .source(Participant.of(null, "10.9.9.9")).patient(cx(pid)).patient(partnerPid).partner(partner)
                .query("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", "<q/>", null).build());
        audit.record(AuditEvent.served(Transaction.RAD_69).time(t2).patient(cx(pid))
                .outcome(Outcome.PARTIAL_SUCCESS, "XDSDocumentUniqueIdError")
                .study(new StudyRef("1.2.3", List.of("1.2.3.1"), 19, null, null, true))
                .study(new StudyRef("1.2.3", List.of("1.2.3.1"), 1, null, null, false)).build());
        audit.securityAlert(new SecurityAlert(SecurityAlert.Type.AUTHENTICATION_DECISION, "XUA-013 signature invalid",
                "10.6.6.6", partner, null, null, t3));
        audit.record(AuditEvent.served(Transaction.ITI_43).time(t3).outcome(Outcome.FAILURE, "XDSRepositoryError")
                .patient(cx(unique("OTHER"))).build());

        List<AuditRecordView> mine = find(null, null, cx(pid), null, null, null, null, null, null);
        assertEquals(3, mine.size(), "ITI-18 once, RAD-69 partial success twice");
        assertEquals(List.of("RAD-69", "RAD-69", "ITI-18"), mine.stream().map(AuditRecordView::transaction).toList(),
                "newest first");
        assertEquals(3, find(null, null, pid, null, null, null, null, null, null).size(), "a bare id matches any issuer");
        assertEquals(1, find(null, null, partnerPid, null, null, null, null, null, null).size(), "the partner's id too");
        assertEquals(0, find(null, null, pid.substring(0, 6), null, null, null, null, null, null).size(),
                "no prefix matches");

        AuditRecordView query = find(null, null, pid, null, "ITI-18", null, null, null, null).get(0);
        assertEquals("110112", query.eventId());
        assertEquals(List.of(cx(pid), partnerPid), query.patientIds());
        assertEquals(partner, query.partner());
        assertEquals("10.9.9.9", query.remoteAddress());
        assertEquals(t1, query.time());
        assertNull(query.xml(), "no XML unless asked for");
        assertNull(query.sentAt(), "no repository configured: kept locally, unsent");
        assertEquals("JD<john.doe@https://idp.partner.example/saml>", query.user().id());
        assertEquals("Dr. John Doe", query.user().name());
        assertEquals("Partner Hospital (urn:oid:1.2.3.4)", query.user().organization());
        assertEquals(List.of("46255001^Pharmacist^SNOMED_CT"), query.user().roles());
        assertEquals(List.of("TREATMENT^Treatment^2.16.840.1.113883.3.18.7.1"), query.user().purposesOfUse());
        assertEquals("_a1b2c3", query.user().assertionId());
        assertEquals(1, find(null, null, pid, null, "110112", null, null, null, null).size());
        assertEquals(1, find(null, null, pid, null, "iti-18", null, null, null, null).size());

        assertEquals(2, find(null, null, null, partner, null, null, null, null, null).size());
        List<AuditRecordView> alerts = find(null, null, null, partner, "110113", null, null, null, null);
        assertEquals(1, alerts.size());
        assertEquals("SECURITY-ALERT", alerts.get(0).transaction());
        assertEquals("110143", alerts.get(0).eventType());
        assertEquals("XUA-013 signature invalid", alerts.get(0).description());
        assertEquals(1, find(null, null, null, partner, "SECURITY-ALERT", null, null, null, null).size());
        assertEquals(1, find(null, null, null, partner, "110143", null, null, null, null).size());

        assertEquals(1, find(null, null, pid, null, null, "failure", null, null, null).size());
        assertEquals(1, find(null, null, pid, null, null, "8", null, null, null).size());
        assertEquals(2, find(null, null, pid, null, null, "success", null, null, null).size());
        assertEquals(2, find("2026-02-01T10:30:00Z", null, pid, null, null, null, null, null, null).size());
        assertEquals(1, find(null, "2026-02-01T10:30:00+00:00", pid, null, null, null, null, null, null).size());
        assertEquals(3, find("2026-02-01", "2026-02-01", pid, null, null, null, null, null, null).size());
        assertEquals(0, find("2026-02-02", null, pid, null, null, null, null, null, null).size());

        List<AuditRecordView> page = find(null, null, pid, null, null, null, "1", "2", "xml");
        assertEquals(1, page.size());
        assertEquals("ITI-18", page.get(0).transaction());
        assertNotNull(page.get(0).xml());
        AuditXml.validate(page.get(0).xml());
    }

    @Test
    void sendQueueHandsOutTheOldestInOrderAndKeepsThemOnFailure() {
        AuditStore store = new AuditStore(database.db(), java.time.Clock.systemUTC());
        while (store.sendOldest(500, batch -> { }) > 0) {
            // drain what earlier tests left unsent
        }
        AuditMessages messages = new AuditMessages("GATEWAY", "site", "imaging-gateway", "10.1.2.3");
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.addAll(messages.records(AuditEvent.served(Transaction.ITI_43).patient(cx("Q" + i))
                    .document("1.2.3." + i, "1.2.3", null, true).build()));
        }
        List<Long> ids = store.insert(records);
        assertEquals(5, ids.size());
        assertEquals(5, store.unsentCount());

        assertThrows(AuditStore.DeliveryException.class,
                () -> store.sendOldest(3, batch -> { throw new IOException("collector down"); }));
        assertEquals(5, store.unsentCount(), "a failed delivery leaves every record unsent");

        List<Long> delivered = new ArrayList<>();
        assertEquals(3, store.sendOldest(3, batch -> batch.forEach(r -> delivered.add(r.getId()))));
        assertEquals(2, store.sendOldest(3, batch -> batch.forEach(r -> delivered.add(r.getId()))));
        assertEquals(0, store.sendOldest(3, batch -> batch.forEach(r -> delivered.add(r.getId()))));
        assertEquals(ids, delivered, "each record once, oldest first");
        assertEquals(0, store.unsentCount());
    }

    @Test
    void hooksAuditServedTransactionsFromTheWireMessages() throws Exception {
        AuditHooks.install(audit);
        try {
            String pid = unique("HOOK");
            // ITI-18: the patient comes from the query, the query itself is kept (base64)
            FindDocumentsQuery fd = new FindDocumentsQuery();
            fd.setPatientId(new Identifiable(pid, new AssigningAuthority(ISSUER, "ISO")));
            fd.setStatus(List.of(AvailabilityStatus.APPROVED));
            AdhocQueryRequest request = new QueryRegistryTransformer()
                    .toEbXML(new QueryRegistry(fd, QueryReturnType.LEAF_CLASS)).getInternal();
            AdhocQueryResponse response = new AdhocQueryResponse();
            response.setStatus(SUCCESS);
            AuditHooks.iti18(request, response);
            AuditRecordView q = find(null, null, cx(pid), null, "ITI-18", null, null, null, "xml").get(0);
            assertEquals(0, q.outcome());
            var d = AuditXml.parse(q.xml());
            String sent = new String(Base64.getDecoder().decode(AuditXml.text(d,
                    "//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='24']/ParticipantObjectQuery")),
                    StandardCharsets.UTF_8);
            assertTrue(sent.contains("AdhocQueryRequest") && sent.contains(pid), sent);
            assertEquals("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", AuditXml.text(d,
                    "//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='24']/@ParticipantObjectID"));

            // ITI-43: the patient is looked up in the registry by document uniqueId; one of two delivered
            String doc = "1.2.826.0.1." + System.nanoTime();
            sql("insert into registry_object (entry_uuid, kind, status, unique_id, patient_id, registered_at, ebxml)"
                    + " values (?, 'DOCUMENT_ENTRY', 'Approved', ?, ?, current_timestamp, '<x/>')",
                    "urn:uuid:" + UUID.randomUUID(), doc, cx(pid));
            RetrieveDocumentSetRequestType retrieve = new RetrieveDocumentSetRequestType();
            retrieve.getDocumentRequest().add(documentRequest(doc));
            retrieve.getDocumentRequest().add(documentRequest(doc + ".404"));
            RetrieveDocumentSetResponseType retrieved = new RetrieveDocumentSetResponseType();
            retrieved.setRegistryResponse(new RegistryResponseType());
            retrieved.getRegistryResponse().setStatus(PARTIAL);
            var delivered = new RetrieveDocumentSetResponseType.DocumentResponse();
            delivered.setDocumentUniqueId(doc);
            delivered.setRepositoryUniqueId("1.3.6.1.4.1.21367.2026.99.2");
            retrieved.getDocumentResponse().add(delivered);
            AuditHooks.iti43(retrieve, retrieved);
            List<AuditRecordView> exports = find(null, null, cx(pid), null, "ITI-43", null, null, null, "xml");
            assertEquals(1, exports.size());
            assertEquals("110106", exports.get(0).eventId());
            assertEquals(0, exports.get(0).outcome(), "the patient's one requested document was delivered");
            assertTrue(exports.get(0).xml().contains(doc));

            // RAD-69: the patient is looked up in the DICOM index by Study Instance UID; 1 of 2 delivered
            String study = "1.2.826.0.2." + System.nanoTime();
            long patientPk = insertPatient(pid);
            sql("insert into study (study_uid, patient_pk, source, updated_at) values (?, ?, 'embedded', current_timestamp)",
                    study, patientPk);
            var rad69 = new RetrieveImagingDocumentSetRequestType();
            var studyRequest = new RetrieveImagingDocumentSetRequestType.StudyRequest();
            studyRequest.setStudyInstanceUID(study);
            var series = new RetrieveImagingDocumentSetRequestType.SeriesRequest();
            series.setSeriesInstanceUID(study + ".1");
            series.getDocumentRequests().add(documentRequest(study + ".1.1"));
            series.getDocumentRequests().add(documentRequest(study + ".1.2"));
            studyRequest.getSeriesRequest().add(series);
            rad69.getStudyRequest().add(studyRequest);
            RetrieveDocumentSetResponseType images = new RetrieveDocumentSetResponseType();
            images.setRegistryResponse(new RegistryResponseType());
            images.getRegistryResponse().setStatus(PARTIAL);
            var image = new RetrieveDocumentSetResponseType.DocumentResponse();
            image.setDocumentUniqueId(study + ".1.1");
            images.getDocumentResponse().add(image);
            AuditHooks.rad69(rad69, images);
            List<AuditRecordView> transfers = find(null, null, cx(pid), null, "RAD-69", null, null, null, "xml");
            assertEquals(2, transfers.size(), "a partial success is one success and one failure record");
            assertEquals(List.of(0, 8), transfers.stream().map(AuditRecordView::outcome).sorted().toList());
            transfers.forEach(t -> assertEquals("110104", t.eventId()));
            for (AuditRecordView t : transfers) {
                AuditXml.validate(t.xml());
                assertTrue(t.xml().contains(study));
            }

            // ITI-41: submission set, documents and patient from the request (IHE sample message)
            AuditHooks.iti41(provideAndRegisterSample(), registryResponse(SUCCESS));
            List<AuditRecordView> imports = find(null, null, "SELF-5^^^&1.3.6.1.4.1.21367.2005.3.7&ISO", null,
                    "ITI-41", null, null, null, "xml");
            assertTrue(!imports.isEmpty());
            assertEquals("110107", imports.get(0).eventId());
            assertTrue(imports.get(0).xml().contains("1.3.6.1.4.1.21367.2005.3.9999.33"), "the submission set");

            // ingest: one record per study once it is quiet, written at the latest when the service stops
            String ingestStudy = "1.2.826.0.3." + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                AuditHooks.instanceStored(new InstanceHeader("1.2.840.10008.5.1.4.1.1.4", ingestStudy + "." + i,
                        ingestStudy, ingestStudy + ".1", "1.2.840.10008.1.2.1", pid, null, "Doe^Jane", null, null,
                        null, null, null, null, "MR", 1, i, null), ISSUER);
            }
            audit.ingest().close();
            List<AuditRecordView> received = find(null, null, cx(pid), null, "DICOM-INGEST", null, null, null, "xml");
            assertEquals(1, received.size(), "three instances of one study: one record");
            assertEquals("110104", received.get(0).eventId());
            assertEquals("C", received.get(0).action());
            assertTrue(received.get(0).xml().contains(ingestStudy));
            assertTrue(!received.get(0).xml().contains("Doe^Jane"), "no patient name in the record");
        } finally {
            AuditHooks.uninstall(audit);
        }
    }

    @Test
    void badParametersAreRefusedByName() {
        assertEquals("limit", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse(null, null, null, null, null, null, "501", null, null)).parameter());
        assertEquals("limit", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse(null, null, null, null, null, null, "0", null, null)).parameter());
        assertEquals("offset", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse(null, null, null, null, null, null, null, "-1", null)).parameter());
        assertEquals("from", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse("yesterday", null, null, null, null, null, null, null, null)).parameter());
        assertEquals("from", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse("2026-03-02", "2026-03-01", null, null, null, null, null, null, null)).parameter());
        assertEquals("outcome", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse(null, null, null, null, null, "maybe", null, null, null)).parameter());
        assertEquals("include", assertThrows(AuditQuery.InvalidParameterException.class,
                () -> AuditQuery.parse(null, null, null, null, null, null, null, null, "json")).parameter());
        assertEquals(500, AuditQuery.parse(null, null, null, null, null, null, "500", null, null).limit());
        // a LIKE wildcard in the patient filter is a literal, not a wildcard
        assertEquals(0, find(null, null, "%", null, null, null, null, null, null).size());
        assertEquals(0, find(null, null, "_", null, null, null, null, null, null).size());
    }

    static RetrieveDocumentSetRequestType.DocumentRequest documentRequest(String uid) {
        var r = new RetrieveDocumentSetRequestType.DocumentRequest();
        r.setDocumentUniqueId(uid);
        r.setRepositoryUniqueId("1.3.6.1.4.1.21367.2026.99.2");
        return r;
    }

    static RegistryResponseType registryResponse(String status) {
        RegistryResponseType r = new RegistryResponseType();
        r.setStatus(status);
        return r;
    }

    static ProvideAndRegisterDocumentSetRequestType provideAndRegisterSample() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = f.newDocumentBuilder().parse(
                TestPaths.iheSample("ihe-iti-info-ProvideAndRegisterDocumentSet-bRequest_SOAP.xml").toFile());
        Element body = (Element) doc.getElementsByTagNameNS("urn:ihe:iti:xds-b:2007",
                "ProvideAndRegisterDocumentSetRequest").item(0);
        return JAXBContext.newInstance(ProvideAndRegisterDocumentSetRequestType.class).createUnmarshaller()
                .unmarshal(body, ProvideAndRegisterDocumentSetRequestType.class).getValue();
    }

    private long insertPatient(String pid) throws Exception {
        sql("insert into patient (patient_id, issuer) values (?, ?)", pid, ISSUER);
        try (Connection c = database.db().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select id from patient where patient_id = ? and issuer = ?")) {
            s.setString(1, pid);
            s.setString(2, ISSUER);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void sql(String statement, Object... args) throws Exception {
        try (Connection c = database.db().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
