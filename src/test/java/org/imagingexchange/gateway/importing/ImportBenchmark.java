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
import org.imagingexchange.gateway.bench.ProcessStats;
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
    /** Orthanc's process, whose CPU seconds are printed beside each figure: on 2 cores they tell which side limits. */
    private static long orthancPid;
    private static final int WARM_UP_MAX = 8;

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
            orthancPid = orthanc.pid();
            Pacs pacs = new DicomWebPacs(orthanc.dicomWebUrl());
            IngestService ingest = new IngestService(db.db(), pacs, ISSUER, Clock.systemUTC());
            List<double[]> rates = new ArrayList<>();
            // Warm-up, untimed: a gateway runs for days, so what matters is its steady state, not the
            // first minute in which the JIT compilers take a core of two (measured: half the JVM's CPU).
            // Imports are repeated until the compilers' share of an import's CPU falls below 15%.
            storescu(orthanc, write(work, "warm-scu", instances, side));
            for (int warm = 1; warm <= WARM_UP_MAX; warm++) {
                Measured stow = importRate(db, pacs, ingest, "pacs", write(work, "warm-stow-" + warm, instances, side), work);
                Measured dimse = importRate(db, pacs, ingest, dimse(orthanc),
                        write(work, "warm-dimse-" + warm, instances, side), work);
                if (stow.jitShare() < 0.15 && dimse.jitShare() < 0.15) {
                    break;
                }
            }
            System.out.println("(warm-up done)");
            for (int round = 1; round <= rounds; round++) {
                double storescu = storescu(orthanc, write(work, "scu-" + round, instances, side));
                Measured stow = importRate(db, pacs, ingest, "pacs", write(work, "stow-" + round, instances, side), work);
                Measured dimse = importRate(db, pacs, ingest, dimse(orthanc),
                        write(work, "dimse-" + round, instances, side), work);
                rates.add(new double[] {storescu, stow.storing(), dimse.storing(), stow.job(), dimse.job()});
                System.out.printf("round %d: storescu %.0f inst/s | coerced and stored via STOW-RS %.0f inst/s (%.2fx), "
                                + "via C-STORE %.0f inst/s (%.2fx) | whole job via STOW-RS %.0f inst/s (%.2fx), "
                                + "via C-STORE %.0f inst/s (%.2fx)   load %s%n", round, storescu,
                        stow.storing(), stow.storing() / storescu, dimse.storing(), dimse.storing() / storescu,
                        stow.job(), stow.job() / storescu, dimse.job(), dimse.job() / storescu, load());
            }
            double scu = median(rates, 0);
            System.out.printf("median of %d rounds: storescu %.0f inst/s%n", rounds, scu);
            System.out.printf("  coerced and stored (the storing phase: coercion and PACS, pipelined), target >= 0.8x: "
                            + "via STOW-RS %.0f inst/s = %.2fx, via C-STORE %.0f inst/s = %.2fx%n",
                    median(rates, 1), median(rates, 1) / scu, median(rates, 2), median(rates, 2) / scu);
            System.out.printf("  whole job (upload, scan, reconcile, coerce and store, verify): "
                            + "via STOW-RS %.0f inst/s = %.2fx, via C-STORE %.0f inst/s = %.2fx%n",
                    median(rates, 3), median(rates, 3) / scu, median(rates, 4), median(rates, 4) / scu);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static String dimse(OrthancPeer orthanc) {
        return "dimse://" + orthanc.aeTitle() + "@127.0.0.1:" + orthanc.dicomPort();
    }

    /**
     * One import: instances per second of the storing phase (coerced and stored, what storescu is
     * compared with) and of the whole job (upload to done), and the share of this JVM's CPU its JIT
     * compilers took.
     */
    private record Measured(double storing, double job, double jitShare) {}

    private static OutsideStudy write(Path work, String name, int instances, int side) throws IOException {
        return OutsideStudy.write(work.resolve(name), instances, "BENCH-" + name, "HOSP-BENCH", "BENCH^IMPORT",
                "19700101", "O", side);
    }

    /** DCMTK storescu of the study's files into Orthanc, one association: instances per second. */
    private static double storescu(OrthancPeer orthanc, OutsideStudy study) throws Exception {
        ProcessStats o0 = ProcessStats.of(orthanc.pid());
        long c0 = childCpuTicks();
        long t0 = System.nanoTime();
        Dcmtk.Run r = Dcmtk.storescu(orthanc.aeTitle(), orthanc.dicomPort(), List.of(), study.files);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  storescu: %d ms, CPU Orthanc %.2f s, storescu %.2f s%n", (long) (seconds * 1000),
                ProcessStats.of(orthanc.pid()).minus(o0).cpuSeconds(), (childCpuTicks() - c0) / 100.0);
        if (!r.storeSucceeded()) {
            throw new IllegalStateException("storescu failed: " + r.output());
        }
        return study.files.size() / seconds;
    }

    /**
     * One import job of the study as media (an uncompressed zip handed over like an upload), from
     * the upload to "done" (every instance coerced, stored and verified): instances per second.
     */
    private static Measured importRate(TestDatabases.Handle db, Pacs pacs, IngestService ingest, String target,
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
            ProcessStats o0 = ProcessStats.of(orthancPid);
            ProcessStats s0 = ProcessStats.self();
            long jit0 = compilerTicks();
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
            double cpu = ProcessStats.self().minus(s0).cpuSeconds();
            double jit = (compilerTicks() - jit0) / 100.0;
            System.out.printf("  import via %s:%s; CPU Orthanc %.2f s, gateway %.2f s (of which JIT compilers %.2f s)%n",
                    target.startsWith("dimse") ? "C-STORE" : "STOW-RS", b,
                    ProcessStats.of(orthancPid).minus(o0).cpuSeconds(), cpu, jit);
            if (!v.state().equals("done")) {
                throw new IllegalStateException("import ended " + v.json());
            }
            long verified = v.progress().get("verified");
            if (!phases.containsKey("storing")) {
                throw new IllegalStateException("the storing phase was not seen (polled every 10 ms): " + phases.keySet());
            }
            return new Measured(verified / (phases.get("storing") / 1e9), verified / seconds, cpu > 0 ? jit / cpu : 0);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** CPU ticks of this JVM's JIT compiler threads: a JVM still warming up spends a core on them. */
    private static long compilerTicks() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (!Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** CPU ticks (1/100 s) of this JVM's finished children, storescu included (proc(5) fields 16 and 17). */
    private static long childCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
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
