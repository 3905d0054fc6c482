// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreScp} against DCMTK's storescu and echoscu, run as real processes on loopback. */
class StoreScpTest {

    static final String AE = "GATEWAY_TEST";
    private static final DicomLimits LIMITS = DicomLimits.defaults();

    @TempDir
    Path tmp;
    private StoreScp scp;
    private CollectingReceiver receiver;

    /** Keeps a copy of every received file, by SOP Instance UID; refuses the UIDs in {@link #refuse}. */
    static final class CollectingReceiver implements InstanceReceiver {
        final Map<String, Path> files = new ConcurrentHashMap<>();
        final Map<String, InstanceHeader> headers = new ConcurrentHashMap<>();
        final Set<String> refuse = ConcurrentHashMap.newKeySet();
        final Path dir;

        CollectingReceiver(Path dir) throws Exception {
            this.dir = Files.createDirectories(dir);
        }

        @Override
        public void receive(Path file, InstanceHeader header) throws RejectedInstanceException {
            if (refuse.contains(header.sopInstanceUid())) {
                throw new RejectedInstanceException("no room for it", RejectedInstanceException.OUT_OF_RESOURCES);
            }
            try {
                Path copy = dir.resolve(header.sopInstanceUid() + ".dcm");
                Files.copy(file, copy);
                files.put(header.sopInstanceUid(), copy);
                headers.put(header.sopInstanceUid(), header);
            } catch (Exception e) {
                throw new RejectedInstanceException("cannot keep it: " + e);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new CollectingReceiver(tmp.resolve("received"));
        scp = new StoreScp();
        scp.start(new StoreScpConfig(0, AE, tmp.resolve("spool"), LIMITS), receiver);
        assertTrue(scp.isListening());
    }

    @AfterEach
    void stop() {
        scp.close();
        assertFalse(scp.isListening());
    }

    @Test
    void receivesTheNistStudyFromStorescu() throws Exception {
        List<Path> files = nistStudyWithKos();
        Run run = storescu(AE, files);
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains("E:"), run.output());

        assertEquals(37, receiver.files.size());
        int identical = 0;
        for (Path original : files) {
            InstanceHeader expected = DicomFiles.readHeader(original, LIMITS);
            Path received = receiver.files.get(expected.sopInstanceUid());
            assertEquals(expected, receiver.headers.get(expected.sopInstanceUid()));
            // storescu re-encodes what it sends (DCMTK turns undefined sequence lengths into explicit
            // ones, drops padding of empty values): same values, not always the same bytes
            PixelMedView.assertSameDataset(PixelMedView.read(original), PixelMedView.read(received), "");
            identical += Arrays.equals(TranscoderTest.datasetBytes(original), TranscoderTest.datasetBytes(received)) ? 1 : 0;
        }
        System.out.println("storescu: " + identical + " of 37 data sets arrived byte-identical, all with equal values");
        assertSpoolEmpty();
    }

    @Test
    void keepsEveryByteAPixelMedSenderSends() throws Exception {
        List<Path> files = nistStudyWithKos();
        int[] counts = sendWithPixelMed(files);
        assertEquals(37, counts[0], "sent");
        assertEquals(0, counts[1], "failed");
        for (Path original : files) {
            Path received = receiver.files.get(DicomFiles.readHeader(original, LIMITS).sopInstanceUid());
            // PixelMed's SCU copies the file's data set bytes unchanged: the SCP must keep every one
            assertArrayEquals(TranscoderTest.datasetBytes(original), TranscoderTest.datasetBytes(received),
                    original.getFileName().toString());
        }
        assertSpoolEmpty();
    }

    @Test
    void answersFailureForATruncatedImageAndGoesOn() throws Exception {
        List<Path> images = SharedData.nistStudyImages();
        // storescu parses what it sends, so it cannot send a truncated file; this one is cut in the
        // middle of its pixel data with the length field fixed up, which DCMTK reads and sends
        Path cut = Broken.cutPixelData(images.get(0), tmp.resolve("cut.dcm"), true);
        Path good = images.get(1);

        Run halting = storescu(AE, List.of(cut));
        assertNotEquals(0, halting.exitCode(), "storescu reports the failed store: " + halting.output());
        assertTrue(halting.output().contains("Received Store Response (Error: CannotUnderstand)"), halting.output());

        Run run = storescu(AE, List.of(cut, good), "--no-halt");
        String out = run.output();
        int failure = out.indexOf("Received Store Response (Error: CannotUnderstand)");
        int success = out.indexOf("Received Store Response (Success)");
        assertTrue(failure >= 0 && success > failure, "failure, then success in the same association:\n" + out);
        String goodUid = DicomFiles.readHeader(good, LIMITS).sopInstanceUid();
        assertEquals(Set.of(goodUid), receiver.files.keySet(), "the good file after the bad one was stored");

        Run again = storescu(AE, List.of(images.get(2)));
        assertEquals(0, again.exitCode(), again.output());
        assertEquals(2, receiver.files.size());
        assertSpoolEmpty();
    }

    @Test
    void answersFailureForATruncatedStream() throws Exception {
        List<Path> images = SharedData.nistStudyImages();
        // PixelMed's SCU copies file bytes as they are, so this data set really ends mid-element
        Path cut = Broken.cutPixelData(images.get(0), tmp.resolve("truncated.dcm"), false);
        int[] counts = sendWithPixelMed(List.of(cut, images.get(1)));
        assertEquals(2, counts[0], "sent");
        assertEquals(1, counts[1], "failed");
        assertEquals(Set.of(DicomFiles.readHeader(images.get(1), LIMITS).sopInstanceUid()), receiver.files.keySet());
        assertSpoolEmpty();
    }

    @Test
    void reportsTheReceiversRefusal() throws Exception {
        Path image = SharedData.nistStudyImages().get(3);
        receiver.refuse.add(DicomFiles.readHeader(image, LIMITS).sopInstanceUid());
        Run run = storescu(AE, List.of(image));
        assertTrue(run.output().contains("Received Store Response (Refused: OutOfResources)"), run.output());
        assertTrue(receiver.files.isEmpty());
        assertSpoolEmpty();
    }

    @Test
    void rejectsAWrongCalledAeTitle() throws Exception {
        Run run = storescu("SOMEONE_ELSE", List.of(SharedData.nistStudyImages().get(0)));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("Association Rejected"), run.output());
        assertTrue(receiver.files.isEmpty());
        assertTrue(scp.isListening());
    }

    @Test
    void dropsConnectionsThatSendNonsense() throws Exception {
        // an A-ASSOCIATE-RQ header declaring 2 GB: PixelMed would allocate it, the PDU guard refuses
        assertClosedAfter(new byte[] {0x01, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0});
        byte[] noise = new byte[4096];
        new java.util.Random(42).nextBytes(noise);
        assertClosedAfter(noise);
        assertTrue(scp.isListening());
        Run run = storescu(AE, List.of(SharedData.nistStudyImages().get(0)));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(1, receiver.files.size());
    }

    private void assertClosedAfter(byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", scp.localPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            long read = 0;
            try {
                while (in.read() >= 0) {
                    read++;
                }
            } catch (SocketException reset) {
                // closed with a reset: also fine
            }
            assertTrue(read < 1024, "closed, at most after an A-ABORT or A-ASSOCIATE-RJ");
        }
    }

    @Test
    void answersEcho() throws Exception {
        Run run = run(List.of("echoscu", "-aec", AE, "127.0.0.1", String.valueOf(scp.localPort())));
        assertEquals(0, run.exitCode(), run.output());
    }

    @Test
    void refusesAnInstanceOverTheSizeLimit() throws Exception {
        scp.close();
        scp = new StoreScp();
        scp.start(new StoreScpConfig(0, AE, tmp.resolve("spool"), new DicomLimits(100_000, 100_000, 8)), receiver);
        Run run = storescu(AE, List.of(SharedData.nistStudyImages().get(0)));
        assertTrue(run.output().contains("Received Store Response (Refused: OutOfResources)"), run.output());
        assertTrue(receiver.files.isEmpty());
        assertSpoolEmpty();
    }

    private void assertSpoolEmpty() throws Exception {
        try (var s = Files.list(tmp.resolve("spool"))) {
            assertEquals(List.of(), s.toList(), "spool files left behind");
        }
    }

    record Run(int exitCode, String output) {
    }

    private Run storescu(String calledAe, List<Path> files, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "TEST_SCU", "-aec", calledAe));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("127.0.0.1", String.valueOf(scp.localPort())));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    /** Sends with PixelMed's SCU in one association; returns {sent, failed} (PixelMed counts a failure as "completed" too). */
    private int[] sendWithPixelMed(List<Path> files) throws Exception {
        SetOfDicomFiles set = new SetOfDicomFiles();
        files.forEach(f -> set.add(f.toString()));
        int[] counts = new int[2];
        new StorageSOPClassSCU("127.0.0.1", scp.localPort(), AE, "PIXELMED_SCU", set, 0,
                new MultipleInstanceTransferStatusHandler() {
                    @Override
                    public void updateStatus(int remaining, int completed, int failed, int warning, String sop) {
                        counts[0] = completed;
                        counts[1] = failed;
                    }
                });
        return counts;
    }

    private static List<Path> nistStudyWithKos() {
        List<Path> files = new ArrayList<>(SharedData.nistStudyImages());
        files.add(SharedData.nistKos());
        assertEquals(37, files.size());
        return files;
    }

    static Run run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Run(p.exitValue(), out);
    }
}
