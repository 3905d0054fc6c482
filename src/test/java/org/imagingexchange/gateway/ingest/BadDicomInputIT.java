// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.SampleFiles;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Broken DICOM input on a real gateway: every file DCMTK cannot read (shared/dicom FILES.tsv,
 * dcmdump_rc != 0), a file cut in its pixel data (with and without a fixed-up length), an
 * oversized upload, zips mixing good and corrupt files, a DICOMDIR file-set, and a C-STORE of an
 * image with short pixel data. Each is refused with its reason, and nothing of it reaches the
 * index, the store or the spool; good input next to it is stored.
 */
class BadDicomInputIT {
    static final long UPLOAD_LIMIT = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static GatewayServer gateway;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("bad-dicom", Map.of("GATEWAY_UPLOAD_MAX_BYTES", Long.toString(UPLOAD_LIMIT)));
        work = Files.createDirectories(gateway.dataDir().resolveSibling(gateway.dataDir().getFileName() + "-files"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyBrokenFileIsRefusedWithItsReasonAndLeavesNothingBehind() throws Exception {
        List<Path> files = new ArrayList<>(SampleFiles.broken().stream().map(SampleFiles.Row::file).toList());
        Path bulk = TestPaths.sharedDicom("dcm4che/3gb-bulk-data-truncated");
        if (!files.contains(bulk)) {
            files.add(bulk);
        }
        Path good = gamma();
        files.add(SampleFiles.cutPixelData(good, work.resolve("cut-in-pixel-data.dcm"), false));
        files.add(SampleFiles.cutPixelData(good, work.resolve("cut-in-pixel-data-length-fixed.dcm"), true));
        assertTrue(files.size() >= 9, "FILES.tsv lists at least 7 broken files: " + files);

        List<Executable> checks = new ArrayList<>();
        int knownStudies = 0;
        for (Path file : files) {
            HttpResponse<String> r = post(Files.readAllBytes(file), "application/dicom");
            checks.add(() -> assertRefusedAlone(file, r));
            Optional<String> study = Dcmtk.value(file, "0020,000d");
            Optional<String> sop = Dcmtk.value(file, "0008,0018");
            knownStudies += study.isPresent() ? 1 : 0;
            checks.add(() -> assertNotIndexed(file, study, sop));
        }
        assertAll(checks);
        assertTrue(knownStudies >= 7, "DCMTK reads the Study Instance UID of most broken files, so the index "
                + "check is not empty: " + knownStudies);
        assertSpoolEmpty();
    }

    @Test
    void zipStoresTheGoodFilesAndListsTheCorruptOne() throws Exception {
        List<Path> good;
        try (Stream<Path> s = Files.list(TestPaths.nistAlphaDir())) {
            good = s.filter(p -> p.getFileName().toString().endsWith(".explicitLE.dcm")).sorted().toList();
        }
        assertEquals(2, good.size(), "IIG-DEPT1011_Alpha has two explicit VR images");
        Path corrupt = TestPaths.sharedDicom("pydicom/test_files/MR_truncated.dcm");
        byte[] zip = SampleFiles.zip(List.of(good.get(0), corrupt, good.get(1)),
                List.of("study/good-1.dcm", "study/corrupt.dcm", "study/good-2.dcm"));

        HttpResponse<String> r = post(zip, "application/zip");

        assertEquals(200, r.statusCode(), r::body);
        JsonNode result = JSON.readTree(r.body());
        assertEquals(2, result.path("stored").asInt(), r.body());
        JsonNode rejected = result.path("rejected");
        assertEquals(1, rejected.size(), r.body());
        assertEquals("study/corrupt.dcm", rejected.get(0).path("name").asText());
        assertFalse(rejected.get(0).path("reason").asText().isBlank(), "the corrupt file's reason is given");
        for (Path p : good) {
            String study = Dcmtk.value(p, "0020,000d").orElseThrow();
            HttpResponse<String> s = get("/api/studies/" + study);
            assertEquals(200, s.statusCode(), s::body);
            assertEquals(1, JSON.readTree(s.body()).path("instances").asInt(), s::body);
        }
        assertNotIndexed(corrupt, Dcmtk.value(corrupt, "0020,000d"), Dcmtk.value(corrupt, "0008,0018"));
        assertSpoolEmpty();
    }

    @Test
    void dicomdirOfAFileSetIsSkippedSilently() throws Exception {
        Path root = TestPaths.sharedDicom("pydicom/dicomdirtests/TINY_ALPHA");
        List<SampleFiles.Row> images = SampleFiles.rows().stream()
                .filter(r -> r.path().startsWith("pydicom/dicomdirtests/TINY_ALPHA/") && !r.sopClass().isEmpty())
                .toList();
        assertEquals(50, images.size(), "TINY_ALPHA holds 50 images besides its DICOMDIR");
        List<Path> files = new ArrayList<>(List.of(root.resolve("DICOMDIR")));
        images.forEach(r -> files.add(r.file()));
        List<String> names = files.stream().map(p -> "TINY_ALPHA/" + root.relativize(p)).toList();

        HttpResponse<String> r = post(SampleFiles.zip(files, names), "application/zip");

        assertEquals(200, r.statusCode(), r::body);
        JsonNode result = JSON.readTree(r.body());
        assertEquals(50, result.path("stored").asInt() + result.path("duplicates").asInt(), r.body());
        assertEquals(0, result.path("rejected").size(), () -> "the DICOMDIR is not reported: " + r.body());
        assertEquals(1, result.path("skipped").asInt(), r.body());
        HttpResponse<String> s = get("/api/studies/" + images.get(0).studyUid());
        assertEquals(200, s.statusCode(), s::body);
        assertEquals(50, JSON.readTree(s.body()).path("instances").asInt(), s::body);

        // alone, a DICOMDIR is nothing to store: a problem document, but no rejected file
        HttpResponse<String> alone = post(Files.readAllBytes(root.resolve("DICOMDIR")), "application/dicom");
        assertEquals(400, alone.statusCode(), alone::body);
        assertEquals(0, JSON.readTree(alone.body()).path("rejected").size(), alone::body);
    }

    @Test
    void cStoreOfShortPixelDataFailsAndTheListenerKeepsServing() throws Exception {
        Path source = TestPaths.nistStudyDir().resolve("1.3.6.1.4.1.21367.201599.3.201606010958044.2.explicitLE.dcm");
        Path next = TestPaths.nistStudyDir().resolve("1.3.6.1.4.1.21367.201599.3.201606010958044.3.explicitLE.dcm");
        Path bad = SampleFiles.cutPixelData(source, work.resolve("c-store-short-pixel-data.dcm"), true);
        assertEquals(0, Dcmtk.dumpExitCode(bad), "the cut file is self-consistent, so storescu sends it");

        Dcmtk.Run refused = Dcmtk.storescu(gateway.aeTitle(), gateway.dicomPort(), List.of(), List.of(bad));
        assertTrue(refused.storeRefused(), () -> "C-STORE answers a failure status:\n" + refused.output());
        assertFalse(refused.storeSucceeded(), refused.output());

        Dcmtk.Run accepted = Dcmtk.storescu(gateway.aeTitle(), gateway.dicomPort(), List.of(), List.of(next));
        assertEquals(0, accepted.exitCode(), accepted.output());
        assertTrue(accepted.storeSucceeded(), () -> "a new association still stores:\n" + accepted.output());

        String study = Dcmtk.value(next, "0020,000d").orElseThrow();
        HttpResponse<String> s = get("/api/studies/" + study);
        assertEquals(200, s.statusCode(), s::body);
        assertEquals(1, JSON.readTree(s.body()).path("instances").asInt(), () -> "only the good instance: " + s.body());
        assertNoStoredFile(Dcmtk.value(bad, "0008,0018").orElseThrow());
        assertSpoolEmpty();
    }

    @Test
    void uploadOverTheLimitIsRefused() throws Exception {
        Path big = SampleFiles.padTo(TestPaths.sharedDicom("pydicom/test_files/CT_small.dcm"),
                work.resolve("over-the-limit.dcm"), UPLOAD_LIMIT + 100_000);
        assertTrue(Files.size(big) > UPLOAD_LIMIT);
        assertEquals(0, Dcmtk.dumpExitCode(big), "the big file is valid DICOM: only its size is wrong");
        Optional<String> study = Dcmtk.value(big, "0020,000d");
        Optional<String> sop = Dcmtk.value(big, "0008,0018");

        HttpResponse<String> single = post(Files.readAllBytes(big), "application/dicom");
        assertOverLimit(single);
        // the limit holds for the inflated bytes of a zip entry too (the zip itself is small)
        byte[] zip = SampleFiles.zip(List.of(big), List.of("big.dcm"));
        assertTrue(zip.length < UPLOAD_LIMIT);
        HttpResponse<String> zipped = post(zip, "application/zip");
        assertOverLimit(zipped);

        assertNotIndexed(big, study, sop);
        assertSpoolEmpty();
    }

    private static void assertOverLimit(HttpResponse<String> r) throws IOException {
        assertTrue(r.statusCode() == 400 || r.statusCode() == 413, () -> "HTTP " + r.statusCode() + " " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> "problem document: " + r.headers().map());
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(r.statusCode(), problem.path("status").asInt(), r.body());
        assertTrue(problem.toString().contains("limit"), () -> "the reason names the limit: " + r.body());
    }

    private static void assertRefusedAlone(Path file, HttpResponse<String> r) throws IOException {
        assertEquals(400, r.statusCode(), () -> file + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> file + ": " + r.headers().map());
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(400, problem.path("status").asInt(), r.body());
        JsonNode rejected = problem.path("rejected");
        assertEquals(1, rejected.size(), () -> file + ": " + r.body());
        assertFalse(rejected.get(0).path("reason").asText().isBlank(), () -> file + " has a reason: " + r.body());
    }

    private static void assertNotIndexed(Path file, Optional<String> study, Optional<String> sop) throws Exception {
        if (study.isPresent()) {
            HttpResponse<String> s = get("/api/studies/" + study.get());
            assertEquals(404, s.statusCode(), () -> file + " left its study in the index: " + s.body());
            assertFalse(Files.exists(gateway.dataDir().resolve("dicom").resolve(study.get())),
                    () -> file + " left a study directory in the store");
        }
        if (sop.isPresent()) {
            assertNoStoredFile(sop.get());
        }
    }

    private static void assertNoStoredFile(String sopUid) throws IOException {
        Path store = gateway.dataDir().resolve("dicom");
        try (Stream<Path> all = Files.walk(store)) {
            List<Path> found = all.filter(p -> p.getFileName().toString().equals(sopUid + ".dcm")
                    || p.getFileName().toString().endsWith(".part")).toList();
            assertEquals(List.of(), found, "no stored or partial file of SOP " + sopUid);
        }
    }

    private static void assertSpoolEmpty() throws IOException {
        Path spool = gateway.dataDir().resolve("spool");
        for (String dir : List.of("upload", "dimse")) {
            Path d = spool.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "spool/" + dir + " is empty");
                }
            }
        }
    }

    private static Path gamma() {
        return TestPaths.sharedDicom(
                "nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1031_Gamma/1.3.6.1.4.1.21367.201599.3.201606010958048.1.explicitLE.dcm");
    }

    private static HttpResponse<String> post(byte[] body, String contentType) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/studies"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return gateway.get(path);
    }
}
