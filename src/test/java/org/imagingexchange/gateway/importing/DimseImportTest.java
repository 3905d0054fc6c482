// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.DimseClient;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.OutsideStudy;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The DIMSE variant of the local PACS: {@code GATEWAY_IMPORT_TARGET=dimse://AET@host:port} sends
 * the coerced instances to a real Orthanc by C-STORE and verifies them by C-FIND; a PACS that is
 * not there makes the job retry, then fail visibly with the reason.
 */
class DimseImportTest {
    private static final String LOCAL_ISSUER = "1.2.826.0.1.3680043.10.1235";

    @Test
    void importStoresByCStoreAndVerifiesByCFind() throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.builder().scu("TESTGW").start();
             TestDatabases.Handle h = TestDatabases.h2()) {
            Set<String> published = ConcurrentHashMap.newKeySet();
            var setup = start(h, "dimse://" + orthanc.aeTitle() + "@127.0.0.1:" + orthanc.dicomPort(), published);
            OutsideStudy study = OutsideStudy.write(h.dir().resolve("cd"), 12, "D-1", "HOSP-D", "DIMSE^PATIENT",
                    "19800101", "M");
            ImportView end = run(setup, h.dir().resolve("cd"), "MRN-D1");
            assertEquals("done", end.state(), () -> end.json().toString());
            assertEquals(12, end.progress().get("verified"));
            Set<String> held = new DimseClient("127.0.0.1", orthanc.dicomPort(), orthanc.aeTitle(), "TESTGW",
                    Duration.ofSeconds(20)).findInstances(study.studyUid);
            assertEquals(new HashSet<>(study.sopUids), held);
            setup.runner().close();
        }
    }

    @Test
    void aPacsThatIsDownMakesTheJobRetryThenFailWithTheReason() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            var setup = start(h, "dimse://NOBODY@127.0.0.1:" + closed, ConcurrentHashMap.newKeySet());
            OutsideStudy.write(h.dir().resolve("cd"), 2, "D-2", "HOSP-D", "DOWN^PACS", "19800101", "F");
            ImportView end = run(setup, h.dir().resolve("cd"), "MRN-D2");
            assertEquals("failed", end.state(), () -> end.json().toString());
            assertEquals(3, end.attempts() + 1, "tried max.attempts times: " + end.json());
            assertTrue(end.error().startsWith("gave up after 3 attempts"), end.error());
            assertEquals(0, end.progress().get("stored"));
            setup.runner().close();
        }
    }

    private record Setup(ImportService imports, ImportRunner runner) {}

    private static Setup start(TestDatabases.Handle h, String target, Set<String> published) throws IOException {
        EmbeddedStore store = new EmbeddedStore(h.dir().resolve("dicom"));
        IngestService ingest = new IngestService(h.db(), store, LOCAL_ISSUER, Clock.systemUTC());
        ImportSettings settings = new ImportSettings(h.dir().resolve("spool"), 1L << 30, 1, Duration.ofSeconds(10),
                3, Duration.ofMillis(100), 0.9, 5, false, "dimse-test", "TESTGW", target);
        ImportService imports = new ImportService(h.db(), settings, null, 1L << 30, Clock.systemUTC());
        ImportRunner runner = ImportRunner.start(h.db(), settings, LOCAL_ISSUER, null, store, ingest, null,
                published::add, null, DicomLimits.defaults(), Clock.systemUTC());
        return new Setup(imports, runner);
    }

    private static ImportView run(Setup s, Path media, String mrn) throws Exception {
        String id = s.imports().createFromMedia(new ImportService.MediaRequest("cd.zip", true, mrn, null, false, null),
                new ByteArrayInputStream(Zips.of(media, Map.of()))).job().id();
        s.runner().wakeUp();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ImportView v = s.imports().get(id).orElseThrow();
        while (!ImportState.ofLabel(v.state()).isFinal()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not finished in 60 s: " + v.json());
            }
            Thread.sleep(100);
            v = s.imports().get(id).orElseThrow();
        }
        return v;
    }
}
