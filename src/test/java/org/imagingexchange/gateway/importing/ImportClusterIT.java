// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Two gateway instances on one PostgreSQL, one Orthanc and one shared import spool: they share
 * the import jobs (each claims its own with SKIP LOCKED), and when one is killed with SIGKILL in
 * the middle of its job, the other takes the job over once the lease has run out and finishes it;
 * Orthanc holds every instance of every study exactly once.
 */
class ImportClusterIT {
    static final int JOBS = 3;
    static final int INSTANCES = 150;

    static OrthancPeer orthanc;
    static PostgresDatabase database;
    static GatewayServer first;
    static GatewayServer second;

    @BeforeAll
    static void start() throws Exception {
        orthanc = OrthancPeer.start();
        database = PostgresDatabase.create("gw_import_cluster");
        Path spool = Files.createDirectories(Path.of("target/it/import-cluster-spool-" + System.nanoTime()))
                .toAbsolutePath();
        Map<String, String> shared = Map.of(
                "GATEWAY_PACS", orthanc.dicomWebUrl().toString(),
                "GATEWAY_DB_URL", database.jdbcUrl(),
                "GATEWAY_DB_USER", "postgres",
                "GATEWAY_PATIENT_ID_ISSUER", "1.3.6.1.4.1.21367.2026.95.3",
                "GATEWAY_IMPORT_SPOOL_DIR", spool.toString(),
                "GATEWAY_IMPORT_LEASE_SECONDS", "5",
                "GATEWAY_IMPORT_CONCURRENCY", "1",
                "GATEWAY_IMPORT_STORE_BATCH", "5",
                "GATEWAY_MANIFEST_STABLE_SECONDS", "3600");
        first = GatewayServer.start("import-cluster-1", shared);
        second = GatewayServer.start("import-cluster-2", shared);
    }

    @AfterAll
    static void stop() throws Exception {
        try (var o = orthanc; var d = database) {
            for (GatewayServer g : new GatewayServer[] {first, second}) {
                if (g != null) {
                    try {
                        g.close();
                    } catch (Exception e) {
                        // the killed one has nothing to stop
                    }
                }
            }
        }
    }

    @Test
    void twoNodesShareTheJobsAndTheSurvivorFinishesTheKilledNodesJob() throws Exception {
        Path work = Files.createDirectories(first.dataDir().resolve("cluster-studies"));
        List<OutsideStudy> studies = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            OutsideStudy s = OutsideStudy.write(work.resolve("s" + j), INSTANCES, "CL-" + j, "HOSP-CL",
                    "CLUSTER^TEST", "19650101", "M");
            studies.add(s);
            jobs.add(ImportApi.submitMedia(j % 2 == 0 ? first : second, s, work, "MRN-CL-" + j));
        }

        // wait until both nodes are working, each on a job of its own
        Map<String, String> nodeOfJob = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (new HashSet<>(nodeOfJob.values()).size() < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the two nodes did not both take a job: " + nodeOfJob);
            }
            for (String job : jobs) {
                Map<String, Object> v = ImportApi.json(first.get("/api/imports/" + job).body());
                if (v.get("node") != null && "storing".equals(v.get("state"))) {
                    nodeOfJob.put(job, (String) v.get("node"));
                }
            }
            Thread.sleep(100);
        }

        // kill the node of the first job that has one, in the middle of its storing
        String victimJob = nodeOfJob.keySet().iterator().next();
        String victimNode = nodeOfJob.get(victimJob);
        GatewayServer victim = victimNode.contains(":" + first.dicomPort() + ":") ? first : second;
        GatewayServer survivor = victim == first ? second : first;
        victim.kill();

        for (String job : jobs) {
            Map<String, Object> end = ImportApi.awaitFinal(survivor, job, Duration.ofMinutes(3));
            assertEquals("done", end.get("state"), end.toString());
            assertEquals(INSTANCES, ((Number) ImportApi.map(end, "progress").get("verified")).intValue());
        }
        String survivorLog = Files.readString(survivor.messagesLog());
        assertTrue(survivorLog.contains("import " + victimJob + " done"),
                "the survivor finished the killed node's job");

        DicomWebClient pacs = DicomWebClient.builder(orthanc.dicomWebUrl()).build();
        for (OutsideStudy s : studies) {
            List<String> held = new ArrayList<>();
            for (QidoInstance i : pacs.searchInstances(s.studyUid)) {
                held.add(i.sopInstanceUid());
            }
            Set<String> distinct = new HashSet<>(held);
            assertEquals(held.size(), distinct.size(), "an instance held twice");
            assertEquals(new HashSet<>(s.sopUids), distinct, "missing or foreign instances");
        }
    }
}
