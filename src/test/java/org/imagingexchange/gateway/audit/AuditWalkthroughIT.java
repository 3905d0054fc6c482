// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.imagingexchange.gateway.testing.MiniJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The README walkthrough on a real gateway that audits to a real Audit Record Repository
 * (rsyslog, TLS syslog with mutual authentication): after storescu, ITI-18, ITI-43 and RAD-69,
 * {@code GET /api/audit} finds the ITI-18 Query, ITI-43 Export, RAD-69 and ingest DICOM
 * Instances Transferred records of the patient, the repository received exactly those records,
 * and every one validates against the DICOM audit schema. No audit log line names the patient.
 */
@EnabledIfSystemProperty(named = "gateway.wlp.dir", matches = ".+",
        disabledReason = "an integration test: failsafe runs it (mvn verify) after the package phase built the server")
class AuditWalkthroughIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.98.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.98.2";
    static final String COMMUNITY = "urn:oid:1.3.6.1.4.1.21367.2026.98.1";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String PATIENT = NistStudy.PATIENT_ID + "^^^&" + ISSUER + "&ISO";

    static Path work;
    static SyslogReceiver repository;
    static GatewayServer gateway;
    static NistStudy study;
    static XdsConsumer consumer;

    @BeforeAll
    static void start() throws Exception {
        work = TestPaths.projectDir().resolve("target/it/audit-arr-" + System.nanoTime());
        AuditRepository arr = AuditRepository.start(work);
        repository = arr.receiver();
        study = NistStudy.load();
        Map<String, String> settings = new HashMap<>(arr.gatewaySettings());
        settings.putAll(Map.of("GATEWAY_PATIENT_ID_ISSUER", ISSUER, "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", COMMUNITY, "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
        gateway = GatewayServer.start("audit", settings);
        consumer = new XdsConsumer(gateway, ISSUER, REPOSITORY);
        study.storescu(gateway.aeTitle(), gateway.dicomPort());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (repository != null) {
                repository.close();
            }
        }
    }

    @Test
    void walkthroughIsAuditedLocallyAndAtTheRepository() throws Exception {
        // the README walkthrough: find the manifest, retrieve it, retrieve the images of one series
        DocumentEntry kos = consumer.awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(90));
        consumer.retrieveManifest(kos.getUniqueId(), gateway.dataDir().resolve("kos.dcm"));
        List<String> series20 = study.sopsOfSeries(NistStudy.SERIES_OF_20);
        RetrievedDocumentSet images = consumer.retrieveImages(NistStudy.STUDY_UID, NistStudy.SERIES_OF_20, series20,
                List.of(EXPLICIT_LE));
        assertEquals(Status.SUCCESS, images.getStatus(), () -> "errors: " + images.getErrors());
        assertEquals(20, images.getDocuments().size()); // the bytes are XdsImagingWalkthroughIT's business

        String patient = "&patient=" + URLEncoder.encode(PATIENT, StandardCharsets.UTF_8);
        List<Map<String, Object>> queries = awaitRecords("event=ITI-18&include=xml" + patient, 1);
        Map<String, Object> query = queries.get(0);
        assertEquals("110112", query.get("eventId"));
        assertEquals("ITI-18", query.get("transaction"));
        assertEquals("127.0.0.1", query.get("remoteAddress"));
        assertTrue(((List<?>) query.get("patientIds")).contains(PATIENT));

        Map<String, Object> export = awaitRecords("event=ITI-43&include=xml" + patient, 1).get(0);
        assertEquals("110106", export.get("eventId"));
        assertEquals(0.0, export.get("outcome"));
        assertTrue(((String) export.get("xml")).contains(kos.getUniqueId()), "the manifest's uniqueId");

        List<Map<String, Object>> transfers = awaitRecords("event=RAD-69&include=xml" + patient, 1);
        assertEquals(1, transfers.size(), "one RAD-69, one record");
        Map<String, Object> transfer = transfers.get(0);
        assertEquals("110104", transfer.get("eventId"));
        assertEquals("R", transfer.get("action"));
        assertEquals(0.0, transfer.get("outcome"));
        var transferred = AuditXml.parse((String) transfer.get("xml"));
        String studyObject = "//ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code='110180']";
        assertEquals(NistStudy.STUDY_UID, AuditXml.text(transferred, studyObject + "/@ParticipantObjectID"));
        assertEquals(NistStudy.SERIES_OF_20, new String(Base64.getDecoder().decode(AuditXml.text(transferred,
                studyObject + "/ParticipantObjectDetail[@type='Series Instance Unique Id']/@value")), StandardCharsets.UTF_8));
        assertEquals(PATIENT, AuditXml.text(transferred,
                "//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole='1']/@ParticipantObjectID"));

        Map<String, Object> ingest = awaitRecords("event=DICOM-INGEST&include=xml" + patient, 1).get(0);
        assertEquals("110104", ingest.get("eventId"));
        assertEquals("C", ingest.get("action"));

        // same records at the repository, delivered (sentAt set), octet-counted and valid
        List<Map<String, Object>> mine = List.of(query, export, transfer, ingest);
        Set<String> atRepository = awaitDelivered(mine);
        for (Map<String, Object> r : mine) {
            String xml = (String) r.get("xml");
            AuditXml.validate(xml);
            assertTrue(atRepository.contains(xml), "the repository received record " + r.get("id") + " whole");
        }
        for (SyslogReceiver.Frame f : repository.frames()) {
            assertEquals("IHE+RFC-3881", f.msgId());
            AuditXml.validate(f.xml());
        }

        // bad parameters: an RFC 9457 problem naming the parameter
        HttpResponse<String> bad = gateway.get("/api/audit?limit=501");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = (Map<String, Object>) MiniJson.parse(bad.body());
        assertEquals("limit", problem.get("parameter"));
        assertEquals(400.0, problem.get("status"));
        assertEquals(400, gateway.get("/api/audit?from=yesterday").statusCode());

        // log lines about audit never carry the patient
        String log = Files.readString(gateway.messagesLog());
        List<String> auditLines = log.lines().filter(l -> l.toLowerCase().contains("audit")).toList();
        assertFalse(auditLines.isEmpty(), "the audit start is logged");
        auditLines.forEach(l -> assertFalse(l.contains(NistStudy.PATIENT_ID), "PHI in a log line: " + l));
    }

    /** Polls {@code GET /api/audit?query} until it lists at least {@code n} records. */
    static List<Map<String, Object>> awaitRecords(String query, int n) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> r = gateway.get("/api/audit?" + query);
            assertEquals(200, r.statusCode(), r.body());
            List<Map<String, Object>> records = MiniJson.list(r.body());
            if (records.size() >= n) {
                return records;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("GET /api/audit?" + query + " listed " + records.size() + " record(s)");
            }
            Thread.sleep(500);
        }
    }

    /** Waits until the records carry a sentAt, then returns the XML of every message the repository got. */
    static Set<String> awaitDelivered(List<Map<String, Object>> records) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        for (Map<String, Object> r : records) {
            long id = ((Double) r.get("id")).longValue();
            while (true) {
                List<Map<String, Object>> now = MiniJson.list(gateway.get("/api/audit?limit=500&event="
                        + r.get("transaction")).body());
                Object sent = now.stream().filter(x -> ((Double) x.get("id")).longValue() == id)
                        .map(x -> x.get("sentAt")).findFirst().orElse(null);
                if (sent != null) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("record " + id + " not delivered; repository log:\n" + repository.log());
                }
                Thread.sleep(500);
            }
        }
        List<SyslogReceiver.Frame> frames = repository.awaitFrames(records.size(), Duration.ofSeconds(30));
        assertNotNull(frames);
        return frames.stream().map(SyslogReceiver.Frame::xml).collect(Collectors.toSet());
    }
}
