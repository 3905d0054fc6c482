// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;

/**
 * The NIST community-A study of patient IIG-DEPT1021 (../shared): 36 MR images in a series of
 * 20 and a series of 16, with what the tests check against (SHA-256 and series of each SOP).
 */
public final class NistStudy {
    public static final String PATIENT_ID = "IIG-DEPT1021";
    public static final String STUDY_UID = "1.3.6.1.4.1.21367.201599.1.201606010958044";
    public static final String SERIES_OF_20 = "1.3.6.1.4.1.21367.201599.2.201606010958044";

    public final List<Path> files;
    public final Map<String, String> sha256BySop = new HashMap<>();
    public final Map<String, String> seriesBySop = new HashMap<>();

    private NistStudy(List<Path> files) {
        this.files = files;
    }

    public static NistStudy load() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestPaths.nistStudyDir())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".explicitLE.dcm")).sorted().toList();
        }
        NistStudy study = new NistStudy(files);
        for (Path p : files) {
            InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
            study.sha256BySop.put(h.sopInstanceUid(), XdsConsumer.sha256(Files.newInputStream(p)));
            study.seriesBySop.put(h.sopInstanceUid(), h.seriesInstanceUid());
        }
        return study;
    }

    public List<String> sopsOfSeries(String seriesUid) {
        List<String> sops = new ArrayList<>();
        seriesBySop.forEach((sop, series) -> {
            if (series.equals(seriesUid)) {
                sops.add(sop);
            }
        });
        return sops;
    }

    /**
     * What storescu really puts on the wire: storescu re-encodes data sets (explicit sequence
     * lengths, no trailing padding), so "byte-identical to what was sent" means identical to the
     * data set bytes a bit-preserving DCMTK storescp receives from the same storescu. Returns the
     * SHA-256 of each data set (meta header excluded) by SOP Instance UID.
     */
    public Map<String, String> datasetSha256AsSentByStorescu(Path workDir) throws Exception {
        Path received = Files.createDirectories(workDir.resolve("storescp-received"));
        int port = GatewayServer.freePort();
        Process scp = new ProcessBuilder("storescp", "+B", "-aet", "CAPTURE", "-od", received.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(workDir.resolve("storescp.log").toFile())
                .start();
        try {
            awaitListening(port);
            storescu("CAPTURE", port);
        } finally {
            scp.destroy();
            scp.waitFor();
        }
        Map<String, String> bySop = new HashMap<>();
        try (Stream<Path> s = Files.list(received)) {
            for (Path p : s.toList()) {
                InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
                bySop.put(h.sopInstanceUid(), datasetSha256(Files.newInputStream(p)));
            }
        }
        return bySop;
    }

    /** SHA-256 of a Part 10 stream's data set, i.e. without preamble and meta header. */
    public static String datasetSha256(java.io.InputStream part10) throws Exception {
        try (var in = new java.io.BufferedInputStream(part10)) {
            in.mark(70_000);
            long offset = org.imagingexchange.gateway.dicom.MetaHeader.datasetOffset(in);
            in.reset();
            in.skipNBytes(offset);
            return XdsConsumer.sha256(in);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("storescp did not listen on " + port);
    }

    /** Sends the study to a DICOM SCP with DCMTK storescu; fails on a non-zero exit. */
    public void storescu(String calledAe, int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", calledAe,
                "127.0.0.1", Integer.toString(port)));
        files.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("storescu failed:\n" + out);
        }
    }
}
