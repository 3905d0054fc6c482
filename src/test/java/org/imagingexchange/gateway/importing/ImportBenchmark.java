// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebPacs;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.OutsideStudy;
import org.imagingexchange.gateway.xds.registry.TestDatabases;

/**
 * The import benchmark (bench/import-benchmark): instances per second that an import job
 * reconciles, coerces, stores into a real Orthanc and verifies, next to DCMTK storescu sending
 * the same number of uncoerced files of the same size into the same Orthanc, in the same run.
 * Import targets: Orthanc by STOW-RS (the gateway's PACS) and by DIMSE (C-STORE). Every study is
 * new (fresh UIDs), so nothing is a duplicate; rounds alternate the three to share the
 * machine's ups and downs.
 *
 * <p>Arguments: {@code [INSTANCES [ROUNDS [SIDE]]]}, defaults 300 instances, 3 rounds, 256x256
 * pixels (128 KiB per instance).
 */
public final class ImportBenchmark {
    private static final String ISSUER = "1.2.826.0.1.3680043.10.999";

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int side = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.out.printf("import benchmark, %s, %d cores, Java %s; %d instances of %dx%d 16-bit per study%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), instances, side, side);
        Path work = Files.createTempDirectory("import-bench");
        try (OrthancPeer orthanc = OrthancPeer.builder().scu("BENCHGW").scu("STORESCU").start();
             TestDatabases.Handle db = TestDatabases.h2()) {
            Pacs pacs = new DicomWebPacs(orthanc.dicomWebUrl());
            IngestService ingest = new IngestService(db.db(), pacs, ISSUER, Clock.systemUTC());
            List<double[]> rates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double storescu = storescu(orthanc, write(work, "scu-" + round, instances, side));
                double stow = importRate(db, pacs, ingest, "pacs", write(work, "stow-" + round, instances, side), work);
                double dimse = importRate(db, pacs, ingest,
                        "dimse://" + orthanc.aeTitle() + "@127.0.0.1:" + orthanc.dicomPort(),
                        write(work, "dimse-" + round, instances, side), work);
                rates.add(new double[] {storescu, stow, dimse});
                System.out.printf("round %d: storescu %.0f inst/s | import via STOW-RS %.0f inst/s (%.2fx) | "
                                + "import via C-STORE %.0f inst/s (%.2fx)   load %s%n", round, storescu, stow,
                        stow / storescu, dimse, dimse / storescu, load());
            }
            double scu = median(rates, 0);
            double stow = median(rates, 1);
            double dimse = median(rates, 2);
            System.out.printf("median: storescu %.0f inst/s; import via STOW-RS %.0f inst/s = %.2fx; "
                    + "import via C-STORE %.0f inst/s = %.2fx (target >= 0.8x)%n", scu, stow, stow / scu, dimse,
                    dimse / scu);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static OutsideStudy write(Path work, String name, int instances, int side) throws IOException {
        return OutsideStudy.write(work.resolve(name), instances, "BENCH-" + name, "HOSP-BENCH", "BENCH^IMPORT",
                "19700101", "O", side);
    }

    /** DCMTK storescu of the study's files into Orthanc, one association: instances per second. */
    private static double storescu(OrthancPeer orthanc, OutsideStudy study) throws Exception {
        long t0 = System.nanoTime();
        Dcmtk.Run r = Dcmtk.storescu(orthanc.aeTitle(), orthanc.dicomPort(), List.of(), study.files);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!r.storeSucceeded()) {
            throw new IllegalStateException("storescu failed: " + r.output());
        }
        return study.files.size() / seconds;
    }

    /**
     * One import job of the study as media (an uncompressed zip handed over like an upload), from
     * the upload to "done" (every instance coerced, stored and verified): instances per second.
     */
    private static double importRate(TestDatabases.Handle db, Pacs pacs, IngestService ingest, String target,
                                     OutsideStudy study, Path work) throws Exception {
        Path zip = work.resolve("media-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(Deflater.NO_COMPRESSION);
            for (Path f : study.files) {
                out.putNextEntry(new ZipEntry("DICOM/" + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        ImportSettings settings = new ImportSettings(work.resolve("spool"), 1L << 40, 1, Duration.ofSeconds(60), 3,
                Duration.ofMillis(500), 0.9, 20, false, "bench", "BENCHGW", target);
        ImportService imports = new ImportService(db.db(), settings, null, 1L << 40, Clock.systemUTC());
        try (ImportRunner runner = ImportRunner.start(db.db(), settings, ISSUER, null, pacs, ingest, null,
                uid -> { }, null, DicomLimits.defaults(), Clock.systemUTC())) {
            long t0 = System.nanoTime();
            String id;
            try (InputStream in = Files.newInputStream(zip)) {
                id = imports.createFromMedia(new ImportService.MediaRequest("bench.zip", true, "MRN-BENCH", null,
                        false, null), in).job().id();
            }
            long uploaded = System.nanoTime();
            runner.wakeUp();
            ImportView v = imports.get(id).orElseThrow();
            java.util.Map<String, Long> phases = new java.util.LinkedHashMap<>();
            phases.put("upload", uploaded - t0);
            String state = v.state();
            long since = uploaded;
            while (!ImportState.ofLabel(v.state()).isFinal()) {
                Thread.sleep(10);
                v = imports.get(id).orElseThrow();
                if (!v.state().equals(state)) {
                    long now = System.nanoTime();
                    phases.merge(state, now - since, Long::sum);
                    state = v.state();
                    since = now;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            StringBuilder b = new StringBuilder();
            phases.forEach((k, n) -> b.append(String.format(" %s %d ms", k, n / 1_000_000)));
            System.out.printf("  import via %s:%s%n", target.startsWith("dimse") ? "C-STORE" : "STOW-RS", b);
            if (!v.state().equals("done")) {
                throw new IllegalStateException("import ended " + v.json());
            }
            return v.progress().get("verified") / seconds;
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
