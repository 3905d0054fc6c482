// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link DicomWebClient} against a real Orthanc 1.10 + DICOMweb plugin 1.7 ({@link OrthancPeer}),
 * plus fast in-process checks of the streaming multipart reader and the DICOM JSON reader.
 * Sample data: shared/dicom (FILES.tsv gives each file's sha256 and UIDs).
 */
class DicomWebClientTest {
    static final Path DICOM = Path.of(System.getProperty("gateway.shared.dir", "../shared")).resolve("dicom");
    static final String BETA_DIR = "nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1021_Beta/";
    static final String BETA_STUDY = "1.3.6.1.4.1.21367.201599.1.201606010958044";
    static final String BETA_SERIES_OF_20 = "1.3.6.1.4.1.21367.201599.2.201606010958044";
    static final String BETA_SERIES_OF_16 = "1.3.6.1.4.1.21367.201599.2.201606010958044.21";
    static final String KOS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.59";
    static final String MR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.4";
    /** A CR instance stored in JPEG Lossless SV1; its explicit-LE twin has the same UIDs. */
    static final String JPEG_FILE = "nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1011_Alpha/alt-ts/"
            + "1.3.6.1.4.1.21367.201599.3.201606010958036.1.jpegLosslessSV1.dcm";
    static final String[] JPEG_UIDS = {"1.3.6.1.4.1.21367.201599.1.201606010958036",
        "1.3.6.1.4.1.21367.201599.2.201606010958036", "1.3.6.1.4.1.21367.201599.3.201606010958036.1"};
    /** Three CR instances (three series) of patient 77654033, used for STOW-RS. */
    static final String CR_STUDY = "1.3.6.1.4.1.5962.1.1.0.0.0.1196527414.5534.0.1";

    /** One row of shared/dicom/FILES.tsv. */
    record Sample(Path path, String sha256, String study, String series) {
    }

    static Map<String, Sample> samples() throws IOException {
        List<String> lines = Files.readAllLines(DICOM.resolve("FILES.tsv"), StandardCharsets.UTF_8);
        List<String> head = Arrays.asList(lines.get(0).split("\t", -1));
        Map<String, Sample> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            out.put(f[head.indexOf("dest")], new Sample(DICOM.resolve(f[head.indexOf("dest")]),
                    f[head.indexOf("sha256")], f[head.indexOf("study")], f[head.indexOf("series")]));
        }
        return out;
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstOrthanc {
        Map<String, Sample> samples;
        List<Sample> beta;
        OrthancPeer pacs;
        DicomWebClient client;

        @BeforeAll
        void startOrthancWithTheBetaStudy() throws IOException {
            samples = samples();
            beta = samples.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(BETA_DIR) && !e.getKey().contains("/alt-ts/"))
                    .map(Map.Entry::getValue)
                    .toList();
            assertEquals(37, beta.size(), "36 MR + KOS listed in FILES.tsv");
            pacs = OrthancPeer.start();
            pacs.upload(beta.stream().map(Sample::path).toArray(Path[]::new));
            pacs.upload(DICOM.resolve(JPEG_FILE));
            client = DicomWebClient.builder(pacs.dicomWebUrl()).requestTimeout(Duration.ofSeconds(20)).build();
        }

        @AfterAll
        void stopOrthanc() throws IOException {
            if (pacs != null) {
                pacs.close();
            }
        }

        @Test
        void searchStudiesByPatientIdFindsTheStudyWithItsInstanceCount() throws IOException {
            List<QidoStudy> studies = client.searchStudies(Map.of("PatientID", "IIG-DEPT1021"));

            assertEquals(1, studies.size());
            QidoStudy s = studies.get(0);
            assertEquals(BETA_STUDY, s.studyInstanceUid());
            assertEquals("IIG-DEPT1021", s.patientId());
            assertEquals("Beta^B", s.patientName());
            assertEquals("19780202", s.birthDate());
            assertEquals("M", s.sex());
            assertEquals("20150202", s.studyDate());
            assertEquals("CASCB1021", s.accessionNumber());
            assertEquals(List.of("KO", "MR"), s.modalitiesInStudy().stream().sorted().toList());
            assertEquals(37, s.numberOfInstances());
            assertNull(s.issuerOfPatientId(), "not in the files");
        }

        @Test
        void searchStudiesSendsWildcardsAndRangesAsGiven() throws IOException {
            Map<String, String> query = new HashMap<>();
            query.put("PatientName", "Beta*");
            query.put("StudyDate", "20150101-20151231");
            assertEquals(List.of(BETA_STUDY),
                    client.searchStudies(query).stream().map(QidoStudy::studyInstanceUid).toList());
            assertEquals(List.of(), client.searchStudies(Map.of("PatientID", "NO-SUCH-PATIENT")));
        }

        @Test
        void searchInstancesListsTheMrInstancesAndTheKos() throws IOException {
            List<QidoInstance> instances = client.searchInstances(BETA_STUDY);

            assertEquals(37, instances.size());
            Map<String, Long> perSeries = instances.stream()
                    .collect(Collectors.groupingBy(QidoInstance::seriesInstanceUid, Collectors.counting()));
            assertEquals(20L, perSeries.get(BETA_SERIES_OF_20));
            assertEquals(16L, perSeries.get(BETA_SERIES_OF_16));
            assertEquals(36, instances.stream().filter(i -> MR_SOP_CLASS.equals(i.sopClassUid())).count());
            QidoInstance kos = instances.stream().filter(i -> "KO".equals(i.modality())).findFirst().orElseThrow();
            assertEquals(KOS_SOP_CLASS, kos.sopClassUid());
            assertEquals(999, kos.seriesNumber());
            assertEquals(1, kos.instanceNumber());
            for (QidoInstance i : instances) {
                assertEquals(BETA_STUDY, i.studyInstanceUid());
                assertTrue(i.sopInstanceUid().startsWith("1.3.6.1.4.1.21367.201599.3.") || i == kos);
                // Orthanc 1.10 / plugin 1.7 gives no transfer syntax in QIDO-RS, even when asked
                assertNull(i.transferSyntaxUid());
            }
        }

        @Test
        void retrieveReturnsTheStoredBytesOfEveryInstanceOfTheSeriesOf20() throws IOException {
            List<QidoInstance> series = client.searchInstances(BETA_STUDY).stream()
                    .filter(i -> BETA_SERIES_OF_20.equals(i.seriesInstanceUid()))
                    .toList();
            assertEquals(20, series.size());
            for (QidoInstance i : series) {
                Sample original = samples.get(BETA_DIR + i.sopInstanceUid() + ".explicitLE.dcm");
                try (InputStream in = client.retrieveInstance(BETA_STUDY, BETA_SERIES_OF_20, i.sopInstanceUid())) {
                    assertEquals(original.sha256(), sha256(in), i.sopInstanceUid());
                }
            }
        }

        @Test
        void retrieveKeepsTheStoredTransferSyntax() throws IOException {
            try (InputStream in = client.retrieveInstance(JPEG_UIDS[0], JPEG_UIDS[1], JPEG_UIDS[2])) {
                assertEquals(samples.get(JPEG_FILE).sha256(), sha256(in));
            }
        }

        /**
         * Not a client check: documents why the client sends {@code transfer-syntax=*}. Asked
         * without it, Orthanc transcodes the JPEG Lossless instance to Explicit VR Little Endian.
         */
        @Test
        void orthancTranscodesWhenTheTransferSyntaxIsNotLeftOpen() throws Exception {
            URI uri = URI.create(pacs.dicomWebUrl() + "/studies/" + JPEG_UIDS[0] + "/series/" + JPEG_UIDS[1]
                    + "/instances/" + JPEG_UIDS[2]);
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Accept", "multipart/related; type=\"application/dicom\"").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            try (InputStream part = SinglePartInputStream.open(r.body(), MediaTypes.parameter(type, "boundary"))) {
                byte[] bytes = part.readAllBytes();
                String explicitLittleEndian = "1.2.840.10008.1.2.1\0";
                assertTrue(new String(bytes, 0, 400, StandardCharsets.ISO_8859_1).contains(explicitLittleEndian));
                assertNotEquals(Files.size(DICOM.resolve(JPEG_FILE)), bytes.length);
            }
        }

        @Test
        void retrieveOfAnUnknownInstanceIsNotFound() {
            DicomWebException e = assertThrows(DicomWebNotFoundException.class,
                    () -> client.retrieveInstance(BETA_STUDY, BETA_SERIES_OF_20, "1.2.3.4.5.6.7.8.9"));
            assertTrue(e.isNotFound());
            assertEquals(404, e.status());
            DicomWebException other = assertThrows(DicomWebException.class,
                    () -> client.retrieveInstance("1.2.3", "1.2.4", "1.2.5"));
            assertTrue(other.isNotFound());
        }

        @Test
        void uidsAreCheckedBeforeTheyBecomeUrlPaths() {
            assertThrows(IllegalArgumentException.class,
                    () -> client.retrieveInstance(BETA_STUDY, BETA_SERIES_OF_20, "1.2/../../system"));
            assertThrows(IllegalArgumentException.class, () -> client.searchInstances("1.2.3?x=1"));
            assertThrows(IllegalArgumentException.class, () -> client.searchStudies(Map.of("a&b", "1")));
        }

        /**
         * Reading only the Part 10 preamble and closing must end the exchange cleanly, and the
         * client must go on working (the aborted connection is not reused).
         */
        @Test
        void aRetrieveStreamCanBeClosedAfterTheFirstBytes() throws IOException {
            String sop = "1.3.6.1.4.1.21367.201599.3.201606010958044.1";
            for (int round = 0; round < 3; round++) {
                try (InputStream in = client.retrieveInstance(BETA_STUDY, BETA_SERIES_OF_20, sop)) {
                    byte[] head = in.readNBytes(132);
                    assertEquals("DICM", new String(head, 128, 4, StandardCharsets.US_ASCII));
                }
            }
            assertEquals(1, client.searchStudies(Map.of("PatientID", "IIG-DEPT1021")).size());
        }

        /** STOW-RS into a second, fresh Orthanc running beside the first. */
        @Test
        void storeIntoAFreshOrthancThenFindAndRetrieveTheInstances() throws IOException {
            List<Sample> cr = samples.values().stream().filter(s -> CR_STUDY.equals(s.study())).toList();
            assertEquals(3, cr.size());
            try (OrthancPeer fresh = OrthancPeer.builder().aeTitle("FRESH").start()) {
                assertNotEquals(pacs.httpPort(), fresh.httpPort());
                DicomWebClient other = DicomWebClient.builder(fresh.dicomWebUrl()).build();

                StowResult result = other.store(cr.stream().map(Sample::path).toList());

                assertEquals(200, result.httpStatus());
                assertTrue(result.allStored(), result.toString());
                assertEquals(3, result.stored().size());
                List<QidoStudy> found = other.searchStudies(Map.of("StudyInstanceUID", CR_STUDY));
                assertEquals(1, found.size());
                assertEquals("77654033", found.get(0).patientId());
                assertEquals(3, found.get(0).numberOfInstances());
                List<QidoInstance> instances = other.searchInstances(CR_STUDY);
                assertEquals(result.stored().stream().map(StowResult.Stored::sopInstanceUid).collect(Collectors.toSet()),
                        instances.stream().map(QidoInstance::sopInstanceUid).collect(Collectors.toSet()));
                Set<String> expected = cr.stream().map(Sample::sha256).collect(Collectors.toSet());
                for (QidoInstance i : instances) {
                    try (InputStream in = other.retrieveInstance(CR_STUDY, i.seriesInstanceUid(), i.sopInstanceUid())) {
                        assertTrue(expected.contains(sha256(in)), "stored bytes come back unchanged");
                    }
                }
                assertEquals(List.of(), client.searchStudies(Map.of("StudyInstanceUID", CR_STUDY)),
                        "the first Orthanc has its own storage");
            }
        }

        @Test
        void storeReportsAPartTheServerCouldNotRead() throws IOException {
            Path garbage = Files.createTempFile("not-dicom", ".dcm");
            try (OrthancPeer fresh = OrthancPeer.start()) {
                Files.writeString(garbage, "this is not a DICOM file");
                Path cr = samples.values().stream().filter(s -> CR_STUDY.equals(s.study())).findFirst().orElseThrow().path();

                StowResult result = DicomWebClient.builder(fresh.dicomWebUrl()).build().store(List.of(cr, garbage));

                assertFalse(result.allStored());
                assertEquals(400, result.httpStatus(), "Orthanc 1.10 answers 400 but still lists what it stored");
                assertEquals(1, result.stored().size());
                assertEquals(1, result.unreported(), "Orthanc names no failed SOP for an unreadable part");
            } finally {
                Files.deleteIfExists(garbage);
            }
        }
    }

    /**
     * Proof that {@link DicomWebClient#retrieveInstance} streams: a local HTTP server sends the
     * part headers and the first 1 MiB of a 96 MiB instance, then stops until the test has read
     * the first bytes through the client. A client that buffered the instance (or the response)
     * before returning could not get those bytes while the server holds the rest back; the server
     * waits at most 20 s and records whether the test released it. The rest is then read through
     * a digest and compared, so the 64 KiB window also carries a large body intact (its content
     * is full of near-boundary sequences). The test also passes with {@code -DargLine=-Xmx32m},
     * a heap smaller than the instance.
     */
    @Nested
    class Streaming {
        static final String BOUNDARY = "the-boundary-0123456789";
        static final int FIRST = 1 << 20;
        static final int TOTAL = 96 << 20;

        @Test
        void retrieveHandsOutTheFirstBytesBeforeTheServerHasSentTheRest() throws Exception {
            byte[] block = nearBoundaryBlock();
            CountDownLatch firstBytesRead = new CountDownLatch(1);
            AtomicBoolean releasedByClient = new AtomicBoolean();
            AtomicLong sentWhenFirstRead = new AtomicLong(-1);
            AtomicLong sent = new AtomicLong();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/dicom-web/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type",
                        "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY);
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (long n = 0; n < TOTAL; n += block.length) {
                        if (n == FIRST) {
                            out.flush();
                            releasedByClient.set(firstBytesRead.await(20, TimeUnit.SECONDS));
                        }
                        out.write(block);
                        sent.addAndGet(block.length);
                    }
                    out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
            try {
                DicomWebClient client = DicomWebClient.builder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web")).build();
                MessageDigest expected = sha256();
                for (long n = 0; n < TOTAL; n += block.length) {
                    expected.update(block);
                }
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    try (InputStream in = client.retrieveInstance("1.2", "1.2.3", "1.2.3.4")) {
                        byte[] head = in.readNBytes(4096);
                        sentWhenFirstRead.set(sent.get());
                        firstBytesRead.countDown();
                        assertArrayEquals(Arrays.copyOf(block, 4096), head);
                        MessageDigest actual = sha256();
                        actual.update(head);
                        try (DigestInputStream rest = new DigestInputStream(in, actual)) {
                            assertEquals(TOTAL - 4096, rest.transferTo(OutputStream.nullOutputStream()));
                        }
                        assertArrayEquals(expected.digest(), actual.digest());
                    }
                });
                assertTrue(releasedByClient.get(), "the client read the first bytes while the server held back");
                assertTrue(sentWhenFirstRead.get() <= FIRST, "server had sent " + sentWhenFirstRead.get() + " bytes");
            } finally {
                server.stop(0);
            }
        }

        /**
         * A body that keeps flowing (ten chunks 150 ms apart) outlives both the request timeout
         * and the idle timeout, while a body that stalls fails after the idle timeout.
         */
        @Test
        void aSlowBodyIsReadToTheEndButAStalledOneTimesOut() throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/dicom-web/", exchange -> {
                boolean stall = exchange.getRequestURI().getPath().endsWith(".9");
                exchange.getResponseHeaders().set("Content-Type", "multipart/related; boundary=" + BOUNDARY);
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(("--" + BOUNDARY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 10; i++) {
                        out.write(new byte[1000]);
                        out.flush();
                        Thread.sleep(stall && i == 1 ? 5000 : 150);
                    }
                    out.write(("\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII));
                } catch (InterruptedException | IOException e) {
                    // the client gave up on the stalled body
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            try {
                DicomWebClient client = DicomWebClient.builder(
                                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web"))
                        .requestTimeout(Duration.ofMillis(1000))
                        .readIdleTimeout(Duration.ofMillis(600))
                        .build();
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    try (InputStream in = client.retrieveInstance("1.2", "1.2.3", "1.2.3.4")) {
                        assertEquals(10_000, in.readAllBytes().length);
                    }
                    try (InputStream in = client.retrieveInstance("1.2", "1.2.3", "1.2.3.9")) {
                        assertEquals(1500, in.readNBytes(1500).length); // the last bytes wait for what follows
                        long t0 = System.nanoTime();
                        assertThrows(java.net.http.HttpTimeoutException.class, () -> in.readNBytes(10_000));
                        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
                    }
                });
            } finally {
                server.stop(0);
            }
        }

        /** 64 KiB of random bytes sprinkled with CRLF--boundary prefixes that never complete. */
        static byte[] nearBoundaryBlock() {
            byte[] block = new byte[64 * 1024];
            new Random(42).nextBytes(block);
            byte[] almost = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X").getBytes(StandardCharsets.US_ASCII);
            for (int at = 1000; at + almost.length < block.length; at += 7919) {
                System.arraycopy(almost, 0, block, at, almost.length - (at % 5));
            }
            return block;
        }
    }

    /** Answers a PACS must not get away with: not DICOM JSON, too large, too deep. */
    @Nested
    class HostileAnswers {
        @Test
        void qidoAnswersOutsideTheLimitsAreRefused() throws Exception {
            Map<String, String> answers = Map.of(
                    "NOT-ARRAY", "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}}",
                    "NOT-JSON", "<html>login</html>",
                    "TOO-DEEP", "[".repeat(100_000),
                    "TOO-LARGE", "[" + "{},".repeat(800_000) + "{}]");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/dicom-web/", exchange -> {
                String patient = exchange.getRequestURI().getQuery().replaceAll(".*PatientID=([A-Z-]+).*", "$1");
                byte[] body = answers.get(patient).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/dicom+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                } catch (IOException e) {
                    // the client stopped reading an answer over its limit
                }
            });
            server.start();
            try {
                DicomWebClient client = DicomWebClient.builder(
                                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web"))
                        .maxJsonBytes(1 << 20)
                        .build();
                for (String patient : answers.keySet()) {
                    DicomWebException e = assertThrows(DicomWebException.class,
                            () -> client.searchStudies(Map.of("PatientID", patient)), patient);
                    assertFalse(e.isNotFound());
                }
            } finally {
                server.stop(0);
            }
        }
    }

    /** The multipart reader on hand-made bodies, fed one byte per read to stress the window. */
    @Nested
    class Multipart {
        static final String B = "b0undary";

        @Test
        void readsThePartBodyWhateverTheReadSizes() throws IOException {
            String content = "DICM\r\n--b0undar\r\n-\r\n--\r\n--b0undarX\r\n--b0undar" + "x".repeat(70_000) + "\r";
            String body = "preamble to ignore\r\n--" + B + "  \r\nContent-Type: application/dicom\r\nContent-Length: "
                    + content.length() + "\r\n\r\n" + content + "\r\n--" + B + "--\r\nepilogue";
            assertEquals(content, readAll(body, 1));
            assertEquals(content, readAll(body, 8192));
        }

        @Test
        void acceptsAPartWithoutHeadersAtTheVeryStart() throws IOException {
            assertEquals("abc", readAll("--" + B + "\r\n\r\nabc\r\n--" + B + "--", 3));
            assertEquals("", readAll("--" + B + "\r\n\r\n\r\n--" + B + "--\r\n", 1));
        }

        @Test
        void refusesAResponseThatEndsInsideThePart() {
            String body = "--" + B + "\r\nContent-Type: application/dicom\r\n\r\nDICM and then nothing";
            assertThrows(EOFException.class, () -> readAll(body, 7));
        }

        @Test
        void refusesASecondPart() {
            String body = "--" + B + "\r\n\r\none\r\n--" + B + "\r\n\r\ntwo\r\n--" + B + "--\r\n";
            DicomWebException e = assertThrows(DicomWebException.class, () -> readAll(body, 100));
            assertTrue(e.getMessage().contains("more than one part"));
        }

        @Test
        void refusesAPartThatIsNotDicom() {
            String body = "--" + B + "\r\nContent-Type: application/dicom+json\r\n\r\n[]\r\n--" + B + "--\r\n";
            assertThrows(DicomWebException.class, () -> readAll(body, 100));
        }

        @Test
        void refusesAPartShorterThanItsContentLength() {
            String body = "--" + B + "\r\nContent-Length: 10\r\n\r\nshort\r\n--" + B + "--\r\n";
            assertThrows(DicomWebException.class, () -> readAll(body, 100));
        }

        @Test
        void refusesABodyWithoutTheBoundary() {
            assertThrows(DicomWebException.class, () -> readAll("no multipart here", 100));
            assertThrows(DicomWebException.class, () -> readAll("--" + B + "--\r\n", 100));
        }

        @Test
        void closingThePartClosesTheResponseBody() throws IOException {
            AtomicBoolean closed = new AtomicBoolean();
            InputStream body = new ByteArrayInputStream(("--" + B + "\r\n\r\n" + "z".repeat(200_000) + "\r\n--" + B + "--")
                    .getBytes(StandardCharsets.ISO_8859_1)) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
            InputStream part = SinglePartInputStream.open(body, B);
            assertEquals('z', part.read());
            part.close();
            assertTrue(closed.get());
            assertThrows(IOException.class, part::read);
        }

        static String readAll(String body, int chunk) throws IOException {
            InputStream trickle = new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, chunk));
                }
            };
            try (InputStream part = SinglePartInputStream.open(trickle, B)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[Math.max(1, chunk / 2)];
                for (int n; (n = part.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
                return out.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** The DICOM JSON reading, on answers shaped like Orthanc's and on hostile input. */
    @Nested
    class DicomJson {
        @Test
        void readsPersonNamesNumbersAndSequences() throws Exception {
            String json = "[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                    + "\"Ideographic\":\"\\u5c71\\u7530^\\u592a\\u90ce\",\"Phonetic\":\"やまだ^たろう\"}]},"
                    + "\"00201208\":{\"vr\":\"IS\",\"Value\":[37]},\"00080090\":{\"vr\":\"PN\"},"
                    + "\"00081199\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]},"
                    + "\"00081197\":{\"vr\":\"US\",\"Value\":[4.27E+4]}}]";
            DicomJsonDataset d = DicomJsonDataset.listOf(JsonReader.parse(json)).get(0);
            assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう", d.string(Tags.PATIENT_NAME));
            assertEquals(37, d.integer(Tags.NUMBER_OF_STUDY_RELATED_INSTANCES));
            assertEquals("37", d.string(Tags.NUMBER_OF_STUDY_RELATED_INSTANCES));
            assertNull(d.string("00080090"));
            assertEquals("1.2.3", d.sequence(Tags.REFERENCED_SOP_SEQUENCE).get(0).string(Tags.REFERENCED_SOP_INSTANCE_UID));
            assertEquals(42700, d.integer(Tags.FAILURE_REASON));
        }

        @Test
        void keepsSurrogatePairsAndEscapes() throws Exception {
            assertEquals("a\"\\/\b\f\n\r\t😀", JsonReader.parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\ud83d\\ude00\""));
            assertEquals(List.of(true, false), JsonReader.parse(" [ true , false ] "));
            assertNull(JsonReader.parse("null"));
        }

        @Test
        void refusesMalformedAndTooDeepInput() throws Exception {
            for (String bad : List.of("", "[1,]", "{\"a\" 1}", "[01]", "\"open", "[1] x", "{\"a\":tru}", "\"\u0001\"")) {
                assertThrows(JsonReader.MalformedJsonException.class, () -> JsonReader.parse(bad), bad);
            }
            String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
            assertThrows(JsonReader.MalformedJsonException.class, () -> JsonReader.parse(deep));
            String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
            assertTrue(JsonReader.parse(ok) instanceof List<?>);
        }

        @Test
        void readsBoundaryParameters() {
            assertEquals("a;b", MediaTypes.parameter("multipart/related; type=\"application/dicom\"; boundary=\"a;b\"", "boundary"));
            assertEquals("xyz", MediaTypes.parameter("multipart/related;boundary=xyz;type=application/dicom", "BOUNDARY"));
            assertNull(MediaTypes.parameter("multipart/related; type=x", "boundary"));
            assertEquals("multipart/related", MediaTypes.baseType(" Multipart/Related ; boundary=x"));
        }
    }
}
