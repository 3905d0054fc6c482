// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.imagingexchange.gateway.dicom.KosManifest;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The README walkthrough, end to end on a real Liberty server with the embedded store and H2:
 * DCMTK storescu sends the NIST IIG-DEPT1021 study; ITI-18 finds one KOS DocumentEntry;
 * ITI-43 returns a KOS whose evidence lists the 36 instances; RAD-69 for one series returns its
 * 20 instances as MTOM parts, byte-identical to what was sent.
 */
class XdsImagingWalkthroughIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.99.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.99.2";
    static final String COMMUNITY = "urn:oid:1.3.6.1.4.1.21367.2026.99.1";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    static GatewayServer gateway;
    static NistStudy study;
    static XdsConsumer consumer;
    static Map<String, String> datasetAsSent;

    @BeforeAll
    static void startAndSend() throws Exception {
        study = NistStudy.load();
        assertEquals(36, study.files.size(), "the NIST study has 36 MR images");
        gateway = GatewayServer.start("walkthrough", Map.of(
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", COMMUNITY,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
        consumer = new XdsConsumer(gateway, ISSUER, REPOSITORY);
        datasetAsSent = study.datasetSha256AsSentByStorescu(gateway.dataDir());
        study.storescu(gateway.aeTitle(), gateway.dicomPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void findRetrieveManifestAndImages() throws Exception {
        walkthrough(gateway, consumer, study, REPOSITORY, datasetAsSent, false);
    }

    /** The scenario of the README, shared with the external-PACS variant. */
    static void walkthrough(GatewayServer gateway, XdsConsumer consumer, NistStudy study, String repository,
                            Map<String, String> expectedDatasetSha256, boolean wholeFilesIdentical) throws Exception {
        DocumentEntry kosEntry = consumer.awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(60));
        assertEquals("application/dicom", kosEntry.getMimeType());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.59", kosEntry.getFormatCode().getCode());
        assertEquals(repository, kosEntry.getRepositoryUniqueId());
        assertTrue(kosEntry.getReferenceIdList().stream().anyMatch(r -> NistStudy.STUDY_UID.equals(r.getId())),
                "referenceIdList carries the Study Instance UID");
        assertTrue(kosEntry.getEventCodeList().stream().anyMatch(c -> "MR".equals(c.getCode())));

        KosManifest kos = consumer.retrieveManifest(kosEntry.getUniqueId(), gateway.dataDir().resolve("kos.dcm"));
        TreeSet<String> listed = new TreeSet<>();
        kos.instances().forEach(i -> listed.add(i.sopInstanceUid()));
        assertEquals(new TreeSet<>(study.sha256BySop.keySet()), listed, "the KOS evidence lists exactly the 36 instances");
        kos.series().forEach(s -> assertEquals(repository, s.retrieveLocationUid()));

        List<String> series20 = study.sopsOfSeries(NistStudy.SERIES_OF_20);
        assertEquals(20, series20.size());
        RetrievedDocumentSet images = consumer.retrieveImages(NistStudy.STUDY_UID, NistStudy.SERIES_OF_20, series20,
                List.of(EXPLICIT_LE));
        assertEquals(Status.SUCCESS, images.getStatus(), () -> "errors: " + images.getErrors());
        assertEquals(20, images.getDocuments().size());
        Map<String, byte[]> received = new TreeMap<>();
        for (RetrievedDocument d : images.getDocuments()) {
            assertEquals("application/dicom", d.getMimeType());
            try (InputStream in = d.getDataHandler().getInputStream()) {
                received.put(d.getRequestData().getDocumentUniqueId(), in.readAllBytes());
            }
        }
        assertEquals(new TreeSet<>(series20), received.keySet());
        for (var e : received.entrySet()) {
            String sop = e.getKey();
            assertEquals(expectedDatasetSha256.get(sop), NistStudy.datasetSha256(new java.io.ByteArrayInputStream(e.getValue())),
                    "the data set of " + sop + " is byte-identical to what was sent");
            if (wholeFilesIdentical) {
                assertEquals(study.sha256BySop.get(sop), XdsConsumer.sha256(new java.io.ByteArrayInputStream(e.getValue())),
                        "the file of " + sop + " is byte-identical to the original");
            }
        }
    }

    @Test
    void unknownInstanceGivesPartialSuccess() throws Exception {
        consumer.awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(60));
        String known = study.sopsOfSeries(NistStudy.SERIES_OF_20).get(0);
        RetrievedDocumentSet r = consumer.retrieveImages(NistStudy.STUDY_UID, NistStudy.SERIES_OF_20,
                List.of(known, "1.2.3.4.5.6.7.8.9"), List.of(EXPLICIT_LE));
        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(1, r.getDocuments().size());
        assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, r.getErrors().get(0).getErrorCode());
        assertEquals("1.2.3.4.5.6.7.8.9", r.getErrors().get(0).getLocation());
    }

    @Test
    void unknownPatientIsReported() {
        QueryResponse r = consumer.findDocuments("NO-SUCH-PATIENT");
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(ErrorCode.UNKNOWN_PATIENT_ID, r.getErrors().get(0).getErrorCode());
    }

    @Test
    void readinessReportsUpAndNoPatientNameIsLogged() throws Exception {
        var r = gateway.get("/health/ready");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"UP\""));
        consumer.awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(60));
        String log = java.nio.file.Files.readString(gateway.messagesLog());
        assertFalse(log.contains("Beta^B"), "no patient names in the log");
    }
}
