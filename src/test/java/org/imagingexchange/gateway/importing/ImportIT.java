// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebClient;
import org.imagingexchange.gateway.pacs.dicomweb.QidoInstance;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Media import on a real server: the gateway (PostgreSQL) in front of a real Orthanc reached by
 * DICOMweb. A CD image (the pydicom DICOMDIR file-set, two patients) with a truncated file is
 * uploaded through {@code POST /api/imports}; the job waits for review (two patient ids), an
 * operator confirms the local MRN, and Orthanc ends up holding every good instance under that
 * MRN with the original ids kept, pixel data byte-identical; the corrupt file is reported; the
 * import is audited.
 */
class ImportIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.97.3";
    static final DicomLimits LIMITS = DicomLimits.defaults();

    static OrthancPeer orthanc;
    static PostgresDatabase database;
    static GatewayServer gateway;
    static final HttpClient HTTP = ImportApi.HTTP;

    @BeforeAll
    static void start() throws Exception {
        orthanc = OrthancPeer.start();
        database = PostgresDatabase.create("gw_import_it");
        gateway = GatewayServer.start("import", Map.of(
                "GATEWAY_PACS", orthanc.dicomWebUrl().toString(),
                "GATEWAY_DB_URL", database.jdbcUrl(),
                "GATEWAY_DB_USER", "postgres",
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        try (var o = orthanc; var d = database) {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    @Test
    void dicomdirMediaWithACorruptFileIsReviewedCoercedAndStoredInOrthanc() throws Exception {
        Path work = Files.createDirectories(gateway.dataDir().resolve("test-media"));
        // the file-set of a CD: its DICOMDIR and the three patient folders it lists
        Path cd = TestPaths.sharedDicom("pydicom/dicomdirtests");
        Map<String, Path> media = new java.util.TreeMap<>(Zips.tree(cd, "DICOMDIR", "77654033", "98892001", "98892003"));
        media.put("EXTRA/BROKEN.DCM", TestPaths.sharedDicom("pydicom/test_files/MR_truncated.dcm"));
        Path zip = work.resolve("cd.zip");
        Files.write(zip, Zips.of(media));
        List<Path> good = new java.util.ArrayList<>();
        for (String top : List.of("77654033", "98892001", "98892003")) {
            good.addAll(Zips.dicomFiles(cd.resolve(top)));
        }

        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                        URI.create(gateway.httpBase() + "/api/imports?localPatientId=MRN-4711"))
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofFile(zip)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) ImportApi.json(created.body()).get("id");

        Map<String, Object> review = await(id, "needs-review");
        assertTrue(((String) ImportApi.map(review, "reconciliation").get("reviewReason")).contains("different patients"),
                review.toString());
        HttpResponse<String> queue = gateway.get("/api/imports?state=needs-review");
        assertTrue(queue.body().contains(id), queue.body());

        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(
                        URI.create(gateway.httpBase() + "/api/imports/" + id + "/reconciliation"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"localPatientId\":\"MRN-4711\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode(), confirmed.body());

        Map<String, Object> end = await(id, "done-with-errors");
        Map<String, Object> progress = ImportApi.map(end, "progress");
        assertEquals(good.size(), ((Number) progress.get("verified")).intValue(), end.toString());
        assertEquals(1, ((Number) progress.get("failed")).intValue(), end.toString());
        List<?> problems = (List<?>) end.get("problems");
        assertEquals(1, problems.size());
        assertTrue(((String) ((Map<?, ?>) problems.get(0)).get("file")).endsWith("BROKEN.DCM"), problems.toString());

        // what Orthanc holds: every good instance, once, under the local MRN, pixel data untouched
        DicomWebClient pacs = DicomWebClient.builder(orthanc.dicomWebUrl()).build();
        Set<String> studies = new HashSet<>();
        for (Path f : good) {
            studies.add(DicomFiles.readHeader(f, LIMITS).studyInstanceUid());
        }
        Set<String> inPacs = new HashSet<>();
        int count = 0;
        for (String study : studies) {
            for (QidoInstance i : pacs.searchInstances(study)) {
                inPacs.add(i.sopInstanceUid());
                count++;
            }
        }
        assertEquals(good.size(), count, "no instance twice");
        for (Path f : good) {
            InstanceHeader original = DicomFiles.readHeader(f, LIMITS);
            assertTrue(inPacs.contains(original.sopInstanceUid()), "in Orthanc: " + f);
            Path stored = work.resolve(original.sopInstanceUid() + ".dcm");
            try (InputStream in = pacs.retrieveInstance(original.studyInstanceUid(), original.seriesInstanceUid(),
                    original.sopInstanceUid())) {
                Files.copy(in, stored);
            }
            InstanceHeader h = DicomFiles.readHeader(stored, LIMITS);
            assertEquals("MRN-4711", h.patientId());
            assertEquals(ISSUER, h.issuerOfPatientId());
            String dump = Dcmtk.dump(stored).output();
            assertTrue(dump.contains("(0010,1002)") && dump.contains("[" + original.patientId() + "]"),
                    "original id in Other Patient IDs Sequence:\n" + dump);
            assertTrue(dump.contains("(0400,0561)") && dump.contains("[COERCE]"), "Original Attributes:\n" + dump);
            assertArrayEquals(Dcmtk.pixelData(f, work), Dcmtk.pixelData(stored, work), "pixel data of " + f);
        }

        // audited as an Import with both patient ids
        HttpResponse<String> audit = gateway.get("/api/audit?event=IMPORT");
        assertEquals(200, audit.statusCode(), audit.body());
        assertTrue(audit.body().contains("MRN-4711"), audit.body());
        assertTrue(audit.body().contains("77654033"), "an original patient id: " + audit.body());
    }

    @Test
    void theLauncherImportsAFolderAndFollowsTheJob() throws Exception {
        Path folder = gateway.dataDir().resolve("cli-media");
        org.imagingexchange.gateway.testing.OutsideStudy study = org.imagingexchange.gateway.testing.OutsideStudy
                .write(folder.resolve("DICOM"), 3, "CLI-1", "HOSP-C", "LAUNCHER^TEST", "19900101", "F");
        ProcessBuilder pb = new ProcessBuilder(TestPaths.projectDir().resolve("gateway").toString(), "import",
                folder.toString(), "--patient", "MRN-CLI").redirectErrorStream(true);
        pb.environment().put("GATEWAY_URL", gateway.httpBase());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done:"), out);
        DicomWebClient pacs = DicomWebClient.builder(orthanc.dicomWebUrl()).build();
        assertEquals(3, pacs.searchInstances(study.studyUid).size());
        assertEquals(1, pacs.searchStudies(Map.of("PatientID", "MRN-CLI")).size());

        Process help = new ProcessBuilder(TestPaths.projectDir().resolve("gateway").toString(), "import")
                .redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes());
        assertEquals(2, help.waitFor(), usage);
        assertTrue(usage.contains("Usage: ./gateway import"), usage);
    }

    @Test
    void badRequestsGetProblemDocuments() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/imports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"homeCommunityId\":\"not-an-oid\",\"studyInstanceUid\":\"1.2\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        HttpResponse<String> notZip = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/imports"))
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofString("this is not a zip")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notZip.statusCode(), notZip.body());
        assertEquals(404, gateway.get("/api/imports/no-such-job").statusCode());
        assertEquals(400, gateway.get("/api/imports?state=sleeping").statusCode());
    }

    private static Map<String, Object> await(String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = gateway.get("/api/imports/" + id);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> job = ImportApi.json(r.body());
            if (state.equals(job.get("state"))) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job not " + state + " within 120 s: " + job);
            }
            Thread.sleep(250);
        }
    }
}
