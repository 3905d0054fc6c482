// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * RAD-69 retrieve benchmark (DESIGN section 4: memory flat as the study grows, proven in bench/).
 *
 * <pre>
 * bench/retrieve-benchmark [STUDY_MB [SERVER_HEAP]]      # defaults 1024 and 256m
 * </pre>
 *
 * Generates (or reuses) a study of STUDY_MB MiB, starts one gateway with the embedded store and a
 * fixed, pre-touched heap, loads the study by REST upload, then measures on the same files, in
 * the same run: a raw loopback copy (plain Java TCP), and a RAD-69 retrieve of the whole study
 * over MTOM, while it samples the server's heap and counts its page faults. It prints figures and
 * asserts none of them; it fails (exit 1) only when the retrieved bytes are wrong or the server
 * dies. System properties: {@code bench.run.dir} (the gateway's data directory goes below it),
 * {@code bench.cache.dir} (generated studies), {@code bench.runs} (timed runs, default 3),
 * {@code bench.jfr} (flight recordings of the timed runs).
 */
public final class RetrieveBenchmark {
    private static final double MIB = 1 << 20;

    private RetrieveBenchmark() {}

    public static void main(String[] args) {
        BenchMain.run("retrieve", args, RetrieveBenchmark::run);
    }

    private static void run(int studyMb, String heap) throws Exception {
        Path runDir = Path.of(System.getProperty("bench.run.dir", "target/bench-runs/retrieve-" + System.currentTimeMillis()));
        Path cache = Path.of(System.getProperty("bench.cache.dir", "target/bench-data"));
        int runs = Integer.getInteger("bench.runs", 3);
        BenchStudy study = BenchMain.start("retrieve benchmark", cache, studyMb);
        long bytes = study.totalBytes();
        Map<String, String> checked = digestsOfAFew(study);

        Files.createDirectories(runDir);
        try (BenchGateway gateway = new BenchGateway(runDir.resolve("gateway"), heap)) {
            gateway.start();
            long pid = gateway.pid();
            ProcessStats started = ProcessStats.of(pid);
            System.out.printf("gateway pid %d on %s, JVM %s, after start: %s, RSS %d MB%n", pid, gateway.httpBase(),
                    gateway.jvmArgs(), started, started.rssMb());

            double loadSeconds = StudyLoader.upload(gateway, study);
            StudyLoader.awaitIndexed(gateway, study, 120_000);
            System.out.printf("loaded by REST upload (2 at a time) in %.1f s: %.0f MB/s; all %d instances indexed%n",
                    loadSeconds, bytes / MIB / loadSeconds, study.instances().size());

            List<Path> rawFiles = study.storedFiles(gateway.storeRoot());
            String rawSource = "the gateway's stored copies";
            if (!RawLoopbackCopy.allExist(rawFiles)) {
                rawFiles = study.instances().stream().map(BenchStudy.Instance::file).toList();
                rawSource = "the generated files";
            }
            System.out.printf("raw loopback copy reads %s%n", rawSource);
            measure(gateway, pid, study, checked, rawFiles, runs, heap, runDir);
        }
    }

    private static void measure(BenchGateway gateway, long pid, BenchStudy study, Map<String, String> checked,
                                List<Path> rawFiles, int runs, String heap, Path runDir) throws Exception {
        long bytes = study.totalBytes();
        System.out.printf("load average before measuring: %s (other work on this machine skews every figure)%n",
                loadAverage());
        HeapSampler.Sample liveBefore = HeapSampler.liveAfterFullGc(pid);
        ProcessStats faultsBefore = ProcessStats.of(pid);
        System.out.printf("server heap before: %d MB live after a full GC (old gen %d MB); %s%n",
                liveBefore.usedMb(), liveBefore.oldMb(), faultsBefore);

        List<TimedRound.Figures> rounds = new ArrayList<>();
        try (HeapSampler heapSampler = HeapSampler.start(pid)) {
            TimedRound.Setup setup = new TimedRound.Setup(gateway, pid, rawFiles,
                    new Rad69Retrieval(gateway.rad69Url(), study), new RawHttpRad69(gateway.rad69Url(), study),
                    heapSampler, bytes);
            warmUp(setup, study, checked);
            Profiling profiling = Profiling.startIfAsked(pid, runDir);
            try {
                for (int i = 0; i < runs; i++) {
                    TimedRound.Figures f = TimedRound.run(setup);
                    f.print(i + 1);
                    rounds.add(f);
                }
            } finally {
                if (profiling != null) {
                    profiling.close();
                }
            }
            System.out.printf("heap in use just after the last retrieve: %d MB (old gen %d MB)%n",
                    heapSampler.last().usedMb(), heapSampler.last().oldMb());
        }
        HeapSampler.Sample liveAfter = HeapSampler.liveAfterFullGc(pid);
        ProcessStats faultsAfter = ProcessStats.of(pid);
        System.out.printf("server heap after: %d MB live after a full GC (old gen %d MB); %s; RSS %d MB%n",
                liveAfter.usedMb(), liveAfter.oldMb(), faultsAfter, faultsAfter.rssMb());
        System.out.printf("client (this JVM) heap peak %d MB, old gen peak %d MB; load average after measuring: %s%n",
                clientHeapPeakMb(false), clientHeapPeakMb(true), loadAverage());
        summary(rounds, bytes, heap, liveBefore, liveAfter, faultsAfter.minus(faultsBefore));
    }

    /** Page cache, JIT on both sides, and the byte-exact check; not in the figures. */
    private static void warmUp(TimedRound.Setup s, BenchStudy study, Map<String, String> checked)
            throws IOException, InterruptedException {
        RawLoopbackCopy.run(s.rawFiles(), RawLoopbackCopy.Mode.BUFFERED);
        TimedRound.checkPlain(s.plainRad69().retrieve(), s.studyBytes());
        HeapSampler.Sample before = s.heap().last();
        s.heap().beginWindow();
        Rad69Retrieval.Result warm = TimedRound.checkedRetrieve(s, checked);
        HeapSampler.Window w = s.heap().endWindow();
        System.out.printf("warm-up RAD-69: %.0f MB/s, %d of %d instances SHA-256 identical to the files sent, "
                + "heap peak %d MB (old gen %d MB)%n", warm.mbPerSecond(), checked.size(), study.instances().size(),
                w.peakUsedMb(), w.peakOldMb());
        printFraming("RAD-69", warm.responseHeaders(), warm.envelopeNanos(), warm.nanos(), s.studyBytes());
        System.out.printf("heap in use just before the first retrieve: %d MB (old gen %d MB)%n", before.usedMb(),
                before.oldMb());
    }

    private static void summary(List<TimedRound.Figures> rounds, long bytes, String heap, HeapSampler.Sample liveBefore,
                                HeapSampler.Sample liveAfter, ProcessStats faults) {
        double raw = median(rounds, f -> f.raw().mbPerSecond());
        double sendfile = median(rounds, f -> f.sendfile().mbPerSecond());
        double rad69 = median(rounds, f -> f.rad69().mbPerSecond());
        double plain = median(rounds, f -> f.plain().mbPerSecond());
        long peakUsed = rounds.stream().mapToLong(f -> f.heap().peakUsedMb()).max().orElse(0);
        long peakOld = rounds.stream().mapToLong(f -> f.heap().peakOldMb()).max().orElse(0);
        double serverCpu = median(rounds, f -> f.rad69Server().cpuSeconds());
        double clientCpu = median(rounds, f -> f.rad69Client().cpuSeconds());
        System.out.println();
        System.out.println("==== summary ====");
        System.out.printf("RAD-69 retrieve %.0f MB (median of %d): streaming MTOM reader %.0f MB/s, ratio %.2f | "
                        + "CXF client %.0f MB/s, ratio %.2f | raw loopback copy %.0f MB/s%n",
                bytes / MIB, rounds.size(), plain, plain / raw, rad69, rad69 / raw, raw);
        System.out.printf("server heap during the CXF retrieves: peak %d MB of %d MB, old gen peak %d MB; live before "
                + "%d MB, after %d MB%n", peakUsed, heapMb(heap), peakOld, liveBefore.usedMb(), liveAfter.usedMb());
        System.out.printf("RAD-69 CPU per run (median): server %.2f s, CXF client %.2f s; server page faults during "
                + "the runs: minor %,d, major %,d; sendfile copy %.0f MB/s%n", serverCpu, clientCpu,
                faults.minorFaults(), faults.majorFaults(), sendfile);
        System.out.printf("target RAD-69 >= 0.8x raw copy: %s with the streaming MTOM reader, %s through CXF's client; "
                        + "heap flat: compare old gen peak and live heap with a run at another study size%n",
                plain / raw >= 0.8 ? "met" : "NOT met", rad69 / raw >= 0.8 ? "met" : "not met");
    }

    /** The answer's Content-Type, Transfer-Encoding and Content-Length, and when its SOAP part arrived. */
    static void printFraming(String what, Map<String, List<String>> headers, long envelopeNanos, long nanos,
                             long bytes) {
        Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null) { // HttpURLConnection keeps the status line under null
                h.put(name, values);
            }
        });
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String name : List.of("Content-Type", "Transfer-Encoding", "Content-Length")) {
            if (h.containsKey(name)) {
                shown.put(name, String.join(",", h.get(name)));
            }
        }
        String type = String.valueOf(shown.getOrDefault("Content-Type", ""));
        if (type.length() > 60) {
            shown.put("Content-Type", type.substring(0, 60) + "...");
        }
        System.out.printf("%s response framing: %s; SOAP part parsed %d ms after the request of %.2f s total%n",
                what, shown, envelopeNanos / 1_000_000, nanos / 1e9);
        if (h.containsKey("Content-Length")) {
            System.out.printf("  NOTE: a Content-Length (%s) on a %.0f MB MTOM answer means the server produced the "
                    + "whole body before sending it%n", shown.get("Content-Length"), bytes / MIB);
        }
    }

    /** SHA-256 of the first, the last and two middle instances (read from the files sent). */
    private static Map<String, String> digestsOfAFew(BenchStudy study) throws IOException {
        List<BenchStudy.Instance> all = study.instances();
        int n = all.size();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i : new int[] {0, n / 3, 2 * n / 3, n - 1}) {
            BenchStudy.Instance inst = all.get(i);
            m.putIfAbsent(inst.sopUid(), BenchStudy.sha256(Files.newInputStream(inst.file())));
        }
        return m;
    }

    private static long clientHeapPeakMb(boolean oldGenOnly) {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && (!oldGenOnly || p.getName().contains("Old"))) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** "256m" or "1g" in MiB. */
    static long heapMb(String heap) {
        long n = Long.parseLong(heap.substring(0, heap.length() - 1));
        return switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
            case 'g' -> n * 1024;
            case 'k' -> n / 1024;
            default -> n;
        };
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static <T> double median(List<T> rounds, ToDoubleFunction<T> figure) {
        double[] v = rounds.stream().mapToDouble(figure).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
