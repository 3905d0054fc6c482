// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebClient;
import org.imagingexchange.gateway.pacs.dicomweb.QidoInstance;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.OutsideStudy;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash test of the import workflow: a 200-instance media import into a real Orthanc, the
 * gateway killed with SIGKILL at a random point of it, started again; the job must finish by
 * itself and Orthanc must hold every instance of the study exactly once. Repeated
 * {@code -Dimport.crash.runs} times (20 by default), each time with a new study and a kill point
 * drawn over the length of an uninterrupted import measured first.
 */
class ImportCrashIT {
    private static final Logger LOG = Logger.getLogger(ImportCrashIT.class.getName());
    static final int INSTANCES = 200;

    static OrthancPeer orthanc;
    static PostgresDatabase database;
    static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        orthanc = OrthancPeer.start();
        database = PostgresDatabase.create("gw_import_crash");
        gateway = GatewayServer.start("import-crash", Map.of(
                "GATEWAY_PACS", orthanc.dicomWebUrl().toString(),
                "GATEWAY_DB_URL", database.jdbcUrl(),
                "GATEWAY_DB_USER", "postgres",
                "GATEWAY_PATIENT_ID_ISSUER", "1.3.6.1.4.1.21367.2026.96.3",
                "GATEWAY_IMPORT_STORE_BATCH", "10",
                "GATEWAY_IMPORT_RETRY_MILLIS", "500",
                "GATEWAY_MANIFEST_STABLE_SECONDS", "3600"));
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
    void killedAtAnyPointTheImportFinishesWithEveryInstanceExactlyOnce() throws Exception {
        int runs = Integer.getInteger("import.crash.runs", 20);
        SplittableRandom random = new SplittableRandom(Long.getLong("import.crash.seed", System.nanoTime()));
        Path work = Files.createDirectories(gateway.dataDir().resolve("crash-studies"));

        // uninterrupted imports first (the second one warm): how long one takes is the range kill
        // points are drawn from, so that most kills land inside an import rather than after it
        long importMillis = 0;
        for (int warm = 0; warm < 2; warm++) {
            OutsideStudy baseline = OutsideStudy.write(work.resolve("baseline-" + warm), INSTANCES, "OUT-B" + warm,
                    "HOSP-X", "CRASH^BASELINE", "19700101", "O");
            long t0 = System.nanoTime();
            String baselineJob = ImportApi.submitMedia(gateway, baseline, work, "MRN-CRASH-B" + warm);
            awaitDone(baselineJob);
            importMillis = Math.max(500, (System.nanoTime() - t0) / 1_000_000);
            assertHeldOnce(baseline, "MRN-CRASH-B" + warm);
        }
        LOG.info("uninterrupted import of " + INSTANCES + " instances: " + importMillis + " ms");

        List<String> report = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            OutsideStudy study = OutsideStudy.write(work.resolve("run-" + run), INSTANCES, "OUT-" + run, "HOSP-X",
                    "CRASH^RUN", "19700101", "O");
            String job = ImportApi.submitMedia(gateway, study, work, "MRN-CRASH-" + run);
            long killAfter = random.nextLong(importMillis);
            Thread.sleep(killAfter);
            String stateAtKill = state(job);
            gateway.kill();
            gateway.restart();
            Map<String, Object> end = awaitDone(job);
            int held = assertHeldOnce(study, "MRN-CRASH-" + run);
            report.add(String.format("run %d: killed after %d ms in %s; after restart %s, %d held", run, killAfter,
                    stateAtKill, end.get("state"), held));
            Files.walk(work.resolve("run-" + run)).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        long midImport = report.stream().filter(r -> !r.contains(" in done;")).count();
        LOG.info(String.join("\n", report) + "\n" + midImport + " of " + runs + " kills landed inside an import");
    }

    private static String state(String job) {
        try {
            return (String) ImportApi.json(gateway.get("/api/imports/" + job).body()).get("state");
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static Map<String, Object> awaitDone(String job) throws Exception {
        Map<String, Object> v = ImportApi.awaitFinal(gateway, job, Duration.ofMinutes(3));
        assertEquals("done", v.get("state"), () -> "import " + job + " did not end done: " + v);
        assertEquals(INSTANCES, ((Number) ImportApi.map(v, "progress").get("verified")).intValue(), v.toString());
        return v;
    }

    /** Orthanc holds each SOP instance of the study once, and nothing else in it, under the local MRN. */
    private static int assertHeldOnce(OutsideStudy study, String mrn) throws Exception {
        DicomWebClient pacs = DicomWebClient.builder(orthanc.dicomWebUrl()).build();
        assertEquals(1, pacs.searchStudies(Map.of("PatientID", mrn, "StudyInstanceUID", study.studyUid)).size(),
                "the study is filed under " + mrn);
        List<String> held = new ArrayList<>();
        for (QidoInstance i : pacs.searchInstances(study.studyUid)) {
            held.add(i.sopInstanceUid());
        }
        Set<String> distinct = new HashSet<>(held);
        assertEquals(held.size(), distinct.size(), "an instance is held twice");
        assertEquals(new HashSet<>(study.sopUids), distinct, "missing or foreign instances");
        return held.size();
    }
}
