// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.testing.PartnerFiles;

/**
 * RAD-75 pass-through benchmark (issue 4): a whole-study RAD-69 to an Initiating Imaging Gateway
 * (A) for a study held by a partner community (B), which A fetches from B's Responding Imaging
 * Gateway (RAD-75, mutual TLS, an assertion issued and signed by A) and streams on, next to a
 * raw loopback copy of B's stored files, measured in the same run.
 *
 * <pre>
 * bench/federation-benchmark [STUDY_MB [HEAP]]      # defaults 1024 and 256m (each gateway)
 * </pre>
 *
 * Makes a lab PKI with the project's {@link LabPki} (one CA, communities gw-a and gw-b), writes
 * the partner files as FederationIT does (B names A as caller; A names B's responding endpoints
 * with {@code outboundAssertion: issue}), starts B (embedded store) and A with fixed, pre-touched
 * heaps, loads the study into B by REST upload and cross-references A's patient
 * {@value #LOCAL_ID} to B's patient id through A's REST API. Then, after an untimed warm-up,
 * {@code bench.runs} rounds of: the raw copy; RAD-69 at A with homeCommunityId = B, read by the
 * streaming {@code MultipartReader} (attachments counted: their number and bytes must be the
 * study's), with both gateways' heaps sampled; and, for reference, the same RAD-69 at B directly.
 * It fails (exit 1) only on a wrong answer or a dead gateway, never on a figure.
 */
public final class FederationBenchmark {
    static final String HCID_A = "urn:oid:1.3.6.1.4.1.21367.2026.96.1";
    static final String REPOSITORY_A = "1.3.6.1.4.1.21367.2026.96.2";
    static final String ISSUER_A = "1.3.6.1.4.1.21367.2026.96.3";
    static final String HCID_B = "urn:oid:1.3.6.1.4.1.21367.2026.97.1";
    static final String REPOSITORY_B = "1.3.6.1.4.1.21367.2026.97.2";
    static final String ISSUER_B = "1.3.6.1.4.1.21367.2026.97.3";
    static final String LOCAL_ID = "A-BENCH";
    private static final double MIB = 1 << 20;
    private static final double MICROS_PER_FAULT = 13;

    private FederationBenchmark() {}

    public static void main(String[] args) {
        BenchMain.run("federation", args, FederationBenchmark::run);
    }

    /** The two gateways and what is measured with them, the same every round. */
    private record Setup(BenchGateway a, long pidA, BenchGateway b, long pidB, List<Path> rawFiles,
                         RawHttpRad69 viaA, RawHttpRad69 atB, BenchStudy study, HeapSampler heapA, HeapSampler heapB,
                         CommunityFiles filesA, CommunityFiles filesB) {}

    /** One round; CPU seconds of A, B and this JVM (the client; both ends of the raw copy). */
    private record Round(RawLoopbackCopy.Result raw, double rawCpu, RawTlsCopy.Result tls, double tlsCpu,
                         RawHttpRad69.Result viaA, ProcessStats aStats,
                         ProcessStats bStats, ProcessStats client, HeapSampler.Window heapA, HeapSampler.Window heapB,
                         RawHttpRad69.Result atB, ProcessStats atBStats, ProcessStats atBClient) {

        double ratio() {
            return viaA.mbPerSecond() / raw.mbPerSecond();
        }

        void print(int round) {
            System.out.printf("run %d: raw copy %4.0f MB/s, CPU %.2f s | raw mutual TLS copy %4.0f MB/s, CPU %.2f s "
                            + "| RAD-69 via A (IIG -> RIG -> store) %4.0f MB/s: "
                            + "%.0f MB in %.2f s, SOAP part after %d ms, ratio %.2f (to the TLS copy %.2f), CPU A %.2f s "
                            + "B %.2f s client %.2f s | RAD-69 at B directly %4.0f MB/s, CPU B %.2f s client %.2f s%n",
                    round, raw.mbPerSecond(), rawCpu, tls.mbPerSecond(), tlsCpu, viaA.mbPerSecond(),
                    viaA.attachmentBytes() / MIB,
                    viaA.nanos() / 1e9, viaA.envelopeNanos() / 1_000_000, ratio(),
                    viaA.mbPerSecond() / tls.mbPerSecond(), aStats.cpuSeconds(),
                    bStats.cpuSeconds(), client.cpuSeconds(), atB.mbPerSecond(), atBStats.cpuSeconds(),
                    atBClient.cpuSeconds());
            System.out.printf("       during the pass-through: A heap peak %d MB, old gen peak %d MB, %d young / %d full GCs, "
                            + "%s (~%.0f ms) | B heap peak %d MB, old gen peak %d MB, %d young / %d full GCs, %s%n",
                    heapA.peakUsedMb(), heapA.peakOldMb(), heapA.youngGcs(), heapA.fullGcs(), aStats,
                    aStats.minorFaults() * MICROS_PER_FAULT / 1000, heapB.peakUsedMb(), heapB.peakOldMb(),
                    heapB.youngGcs(), heapB.fullGcs(), bStats);
        }
    }

    private static void run(int studyMb, String heap) throws Exception {
        Path runDir = Path.of(System.getProperty("bench.run.dir", "target/bench-runs/federation-" + System.currentTimeMillis()));
        Path cache = Path.of(System.getProperty("bench.cache.dir", "target/bench-data"));
        int runs = Integer.getInteger("bench.runs", 3);
        BenchStudy study = BenchMain.start("federation (RAD-75 pass-through) benchmark", cache, studyMb);
        long bytes = study.totalBytes();

        Files.createDirectories(runDir);
        LabPki pki = labPki(runDir.resolve("pki"));
        CommunityFiles filesA = new CommunityFiles(pki.communityDir("gw-a"));
        CommunityFiles filesB = new CommunityFiles(pki.communityDir("gw-b"));
        Path partnersOfB = PartnerFiles.naming(filesA, "gw-a", HCID_A, runDir.resolve("partners-of-b"));
        System.out.printf("lab PKI in %s (EC P-256 node keys, RSA-3072 SAML keys); B's partner file names A%n",
                runDir.resolve("pki"));

        try (BenchGateway b = new BenchGateway(runDir.resolve("gateway-b"), heap, settings(filesB, HCID_B, ISSUER_B,
                REPOSITORY_B, Map.of("GATEWAY_PARTNERS_FILE", partnersOfB.toString())))) {
            b.start();
            long pidB = b.pid();
            System.out.printf("B (responding, embedded store) pid %d on %s, partners' port https://127.0.0.1:%d, JVM %s%n",
                    pidB, b.httpBase(), b.httpsPort(), b.jvmArgs());

            Path partnersOfA = Files.createDirectories(runDir.resolve("partners-of-a")).resolve("partners.yaml");
            Files.writeString(partnersOfA, "partners:\n" + PartnerFiles.initiatingEntry("gw-b", HCID_B,
                    PartnerFiles.subjectOf(filesB),
                    "https://127.0.0.1:" + b.httpsPort() + "/services/rg/", "60s"));
            Map<String, String> extraA = Map.of("GATEWAY_PARTNERS_FILE", partnersOfA.toString(),
                    "GATEWAY_SAML_KEYSTORE", filesA.samlKeyStore().toString(),
                    "GATEWAY_SAML_KEYSTORE_PASSWORD", filesA.readPasswords().get("saml-signing.password"));
            try (BenchGateway a = new BenchGateway(runDir.resolve("gateway-a"), heap,
                    settings(filesA, HCID_A, ISSUER_A, REPOSITORY_A, extraA))) {
                a.start();
                long pidA = a.pid();
                System.out.printf("A (initiating; partner B, outboundAssertion issue) pid %d on %s, JVM %s%n", pidA,
                        a.httpBase(), a.jvmArgs());

                double loadSeconds = StudyLoader.upload(b, study);
                StudyLoader.awaitIndexed(b, study, 120_000);
                System.out.printf("loaded into B by REST upload (2 at a time) in %.1f s: %.0f MB/s; all %d instances "
                        + "indexed%n", loadSeconds, bytes / MIB / loadSeconds, study.instances().size());
                crossReference(a);

                List<Path> rawFiles = study.storedFiles(b.storeRoot());
                if (!RawLoopbackCopy.allExist(rawFiles)) {
                    throw new IOException("B's stored copies are not where the embedded store keeps them: "
                            + rawFiles.get(0));
                }
                RawHttpRad69 viaA = new RawHttpRad69(a.httpBase() + "/services/ig/rad69", study, REPOSITORY_B, HCID_B);
                RawHttpRad69 atB = new RawHttpRad69(b.rad69Url(), study, REPOSITORY_B, null);
                measure(a, pidA, b, pidB, rawFiles, viaA, atB, study, runs, heap, filesA, filesB);
                System.out.println("A's partner directory after the runs: " + abbreviate(a.get("/api/partners"), 600));
            }
        }
    }

    private static void measure(BenchGateway a, long pidA, BenchGateway b, long pidB, List<Path> rawFiles,
                                RawHttpRad69 viaA, RawHttpRad69 atB, BenchStudy study, int runs, String heap,
                                CommunityFiles filesA, CommunityFiles filesB) throws Exception {
        System.out.printf("load average before measuring: %s (other work on this machine skews every figure)%n",
                RetrieveBenchmark.loadAverage());
        HeapSampler.Sample liveA0 = HeapSampler.liveAfterFullGc(pidA);
        HeapSampler.Sample liveB0 = HeapSampler.liveAfterFullGc(pidB);
        System.out.printf("heap before, live after a full GC: A %d MB (old gen %d MB), B %d MB (old gen %d MB)%n",
                liveA0.usedMb(), liveA0.oldMb(), liveB0.usedMb(), liveB0.oldMb());
        ProcessStats faultsA0 = ProcessStats.of(pidA);
        ProcessStats faultsB0 = ProcessStats.of(pidB);

        List<Round> rounds = new ArrayList<>();
        try (HeapSampler heapA = HeapSampler.start(pidA); HeapSampler heapB = HeapSampler.start(pidB)) {
            Setup s = new Setup(a, pidA, b, pidB, rawFiles, viaA, atB, study, heapA, heapB, filesA, filesB);
            warmUp(s);
            for (int i = 0; i < runs; i++) {
                Round r = round(s);
                r.print(i + 1);
                rounds.add(r);
            }
        }
        HeapSampler.Sample liveA1 = HeapSampler.liveAfterFullGc(pidA);
        HeapSampler.Sample liveB1 = HeapSampler.liveAfterFullGc(pidB);
        ProcessStats faultsA = ProcessStats.of(pidA);
        ProcessStats faultsB = ProcessStats.of(pidB);
        System.out.printf("heap after, live after a full GC: A %d MB (old gen %d MB), RSS %d MB; B %d MB (old gen %d MB), "
                        + "RSS %d MB; load average after measuring: %s%n", liveA1.usedMb(), liveA1.oldMb(),
                faultsA.rssMb(), liveB1.usedMb(), liveB1.oldMb(), faultsB.rssMb(), RetrieveBenchmark.loadAverage());
        summary(rounds, study.totalBytes(), heap, liveA0, liveA1, liveB0, liveB1, faultsA.minus(faultsA0),
                faultsB.minus(faultsB0));
    }

    /** Page cache, JIT, TLS session and A's partner client; every answer checked, no figure kept. */
    private static void warmUp(Setup s) throws IOException, InterruptedException {
        RawLoopbackCopy.run(s.rawFiles(), RawLoopbackCopy.Mode.BUFFERED);
        RawTlsCopy.Result tls = RawTlsCopy.run(s.rawFiles(), s.filesB(), s.filesA());
        System.out.printf("raw mutual TLS copy between B's and A's node keys: %s%n", tls.suite());
        RawHttpRad69.Result direct = checked(s, s.atB().retrieve(), "RAD-69 at B");
        RawHttpRad69.Result warm = checked(s, s.viaA().retrieve(), "RAD-69 via A");
        System.out.printf("warm-up: RAD-69 via A %.0f MB/s, at B directly %.0f MB/s; both answers %s with all %d "
                        + "attachments, %,d bytes%n", warm.mbPerSecond(), direct.mbPerSecond(),
                shortStatus(warm.registryStatus()), warm.attachments(), warm.attachmentBytes());
        RetrieveBenchmark.printFraming("RAD-69 via A", warm.headers(), warm.envelopeNanos(), warm.nanos(),
                s.study().totalBytes());
        if (warm.envelopeNanos() > warm.nanos() / 2) {
            System.out.printf("  NOTE: A's SOAP part came after %.0f%% of the retrieve: A had most of B's answer before "
                    + "it started its own (store and forward, e.g. attachments spooled to temp files), not a stream%n",
                    100.0 * warm.envelopeNanos() / warm.nanos());
        }
    }

    private static Round round(Setup s) throws IOException, InterruptedException {
        ProcessStats r0 = ProcessStats.self();
        RawLoopbackCopy.Result raw = RawLoopbackCopy.run(s.rawFiles(), RawLoopbackCopy.Mode.BUFFERED);
        double rawCpu = ProcessStats.self().minus(r0).cpuSeconds();
        ProcessStats t0 = ProcessStats.self();
        RawTlsCopy.Result tls = RawTlsCopy.run(s.rawFiles(), s.filesB(), s.filesA());
        double tlsCpu = ProcessStats.self().minus(t0).cpuSeconds();

        ProcessStats a0 = ProcessStats.of(s.pidA());
        ProcessStats b0 = ProcessStats.of(s.pidB());
        ProcessStats c0 = ProcessStats.self();
        s.heapA().beginWindow();
        s.heapB().beginWindow();
        RawHttpRad69.Result viaA = s.viaA().retrieve();
        HeapSampler.Window heapA = s.heapA().endWindow();
        HeapSampler.Window heapB = s.heapB().endWindow();
        ProcessStats aStats = ProcessStats.of(s.pidA()).minus(a0);
        ProcessStats bStats = ProcessStats.of(s.pidB()).minus(b0);
        ProcessStats client = ProcessStats.self().minus(c0);
        checked(s, viaA, "RAD-69 via A");

        ProcessStats d0 = ProcessStats.of(s.pidB());
        ProcessStats e0 = ProcessStats.self();
        RawHttpRad69.Result atB = checked(s, s.atB().retrieve(), "RAD-69 at B");
        return new Round(raw, rawCpu, tls, tlsCpu, viaA, aStats, bStats, client, heapA, heapB, atB,
                ProcessStats.of(s.pidB()).minus(d0), ProcessStats.self().minus(e0));
    }

    /** The answer must be Success with one attachment per instance and exactly the study's bytes; both gateways alive. */
    private static RawHttpRad69.Result checked(Setup s, RawHttpRad69.Result r, String what) throws IOException {
        healthy(s.a(), s.pidA(), "A");
        healthy(s.b(), s.pidB(), "B");
        BenchStudy study = s.study();
        if (r.status() != 200 || r.registryStatus() == null || !r.registryStatus().endsWith(":Success")
                || r.attachments() != study.instances().size() || r.attachmentBytes() != study.totalBytes()) {
            throw new IOException(what + ": HTTP " + r.status() + ", status " + r.registryStatus() + ", "
                    + r.attachments() + " attachments of " + r.attachmentBytes() + " bytes for a study of "
                    + study.instances().size() + " instances and " + study.totalBytes() + " bytes; headers "
                    + r.headers() + "; logs: " + s.a().messagesLog() + ", " + s.b().messagesLog());
        }
        return r;
    }

    private static void healthy(BenchGateway g, long pid, String name) throws IOException {
        if (!ProcessStats.alive(pid)) {
            throw new IOException("gateway " + name + " (pid " + pid + ") died; " + g.fatalLogLines() + " see "
                    + g.messagesLog());
        }
        String fatal = g.fatalLogLines();
        if (!fatal.isEmpty()) {
            throw new IOException("gateway " + name + " logged:\n" + fatal);
        }
    }

    private static void summary(List<Round> rounds, long bytes, String heap, HeapSampler.Sample liveA0,
                                HeapSampler.Sample liveA1, HeapSampler.Sample liveB0, HeapSampler.Sample liveB1,
                                ProcessStats faultsA, ProcessStats faultsB) {
        double raw = RetrieveBenchmark.median(rounds, r -> r.raw().mbPerSecond());
        double viaA = RetrieveBenchmark.median(rounds, r -> r.viaA().mbPerSecond());
        double atB = RetrieveBenchmark.median(rounds, r -> r.atB().mbPerSecond());
        double ratio = viaA / raw;
        double tls = RetrieveBenchmark.median(rounds, r -> r.tls().mbPerSecond());
        System.out.println();
        System.out.println("==== summary ====");
        System.out.printf("RAD-75 pass-through %.0f MB (median of %d): RAD-69 via A %.0f MB/s, ratio %.2f to the raw "
                        + "loopback copy %.0f MB/s | RAD-69 at B directly %.0f MB/s (ratio %.2f); pass-through / direct "
                        + "%.2f%n", bytes / MIB, rounds.size(), viaA, ratio, raw, atB, atB / raw, viaA / atB);
        System.out.printf("raw mutual TLS copy (one TLS hop, no gateway) %.0f MB/s = %.2fx the raw copy; RAD-69 via A = "
                        + "%.2fx the raw mutual TLS copy (a pass-through has one TLS hop, A -> client is plain HTTP)%n",
                tls, tls / raw, viaA / tls);
        System.out.printf("CPU per retrieve via A (median): A %.2f s, B %.2f s, client %.2f s; at B directly: B %.2f s, "
                        + "client %.2f s; raw copy (both ends) %.2f s; raw mutual TLS copy (both ends) %.2f s%n",
                RetrieveBenchmark.median(rounds, r -> r.aStats().cpuSeconds()),
                RetrieveBenchmark.median(rounds, r -> r.bStats().cpuSeconds()),
                RetrieveBenchmark.median(rounds, r -> r.client().cpuSeconds()),
                RetrieveBenchmark.median(rounds, r -> r.atBStats().cpuSeconds()),
                RetrieveBenchmark.median(rounds, r -> r.atBClient().cpuSeconds()),
                RetrieveBenchmark.median(rounds, Round::rawCpu), RetrieveBenchmark.median(rounds, Round::tlsCpu));
        printHeap("A", rounds, Round::heapA, heap, liveA0, liveA1, faultsA);
        printHeap("B", rounds, Round::heapB, heap, liveB0, liveB1, faultsB);
        System.out.printf("target pass-through >= 0.6x raw copy: %s; heap flat: compare A's and B's old gen peak and "
                + "live heap with a run at another study size%n", ratio >= 0.6 ? "met" : "NOT met");
    }

    private static void printHeap(String name, List<Round> rounds, Function<Round, HeapSampler.Window> w,
                                  String heap, HeapSampler.Sample before, HeapSampler.Sample after, ProcessStats faults) {
        System.out.printf("%s's heap during the pass-through retrieves: peak %d MB of %d MB, old gen peak %d MB, young GCs "
                        + "per retrieve %.0f (median), full GCs %d; live before %d MB, after %d MB; page faults during "
                        + "the runs: minor %,d, major %,d%n", name,
                rounds.stream().mapToLong(r -> w.apply(r).peakUsedMb()).max().orElse(0), RetrieveBenchmark.heapMb(heap),
                rounds.stream().mapToLong(r -> w.apply(r).peakOldMb()).max().orElse(0),
                RetrieveBenchmark.median(rounds, r -> w.apply(r).youngGcs()),
                rounds.stream().mapToLong(r -> w.apply(r).fullGcs()).sum(), before.usedMb(), after.usedMb(),
                faults.minorFaults(), faults.majorFaults());
    }

    /** One CA and the communities gw-a and gw-b, as FederationPki makes them for FederationIT. */
    private static LabPki labPki(Path root) throws IOException {
        LabPki pki = new LabPki(root);
        pki.init(LabPki.DEFAULT_CA, KeyType.EC_P256, Duration.ofDays(30), Duration.ofDays(30));
        pki.community(LabPki.CommunityRequest.of("gw-a", HCID_A).withKeyType(KeyType.EC_P256));
        pki.community(LabPki.CommunityRequest.of("gw-b", HCID_B).withKeyType(KeyType.EC_P256));
        return pki;
    }

    /** A community's settings: its lab PKI stores and CRL (mutual TLS), ids, and extras. */
    private static Map<String, String> settings(CommunityFiles files, String hcid, String issuer, String repository,
                                                Map<String, String> extra) throws IOException {
        Map<String, String> s = new HashMap<>(files.readEnv());
        s.put("GATEWAY_HOME_COMMUNITY_ID", hcid);
        s.put("GATEWAY_PATIENT_ID_ISSUER", issuer);
        s.put("GATEWAY_REPOSITORY_UNIQUE_ID", repository);
        s.putAll(extra);
        return s;
    }

    /** A's patient {@value #LOCAL_ID} is B's patient of the generated study (README "Join a federation", step 3). */
    private static void crossReference(BenchGateway a) throws IOException, InterruptedException {
        String path = "/api/patients/" + LOCAL_ID + "/cross-references/" + HCID_B;
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.httpBase() + path))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"patientId\":\"" + StudyGenerator.PATIENT_ID
                                + "\",\"assigningAuthority\":\"" + ISSUER_B + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IOException("PUT " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        System.out.printf("A's patient %s cross-referenced to B's %s^^^&%s&ISO: HTTP %d%n", LOCAL_ID,
                StudyGenerator.PATIENT_ID, ISSUER_B, r.statusCode());
    }

    private static String shortStatus(String status) {
        return status == null ? "without status" : status.substring(status.lastIndexOf(':') + 1);
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "(404)";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
