// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebClient;
import org.imagingexchange.gateway.pacs.dicomweb.QidoInstance;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough with the gateway in front of an existing archive: a real Orthanc already
 * holds the study, the gateway (on PostgreSQL) indexes it by QIDO-RS, publishes its manifest and
 * streams the images out of Orthanc by WADO-RS, byte-identical. A C-STORE to the gateway lands
 * in Orthanc by STOW-RS.
 */
class ExternalPacsWalkthroughIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.98.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.98.2";

    static OrthancPeer orthanc;
    static PostgresDatabase database;
    static GatewayServer gateway;
    static NistStudy study;

    @BeforeAll
    static void start() throws Exception {
        study = NistStudy.load();
        orthanc = OrthancPeer.start();
        orthanc.upload(study.files.toArray(Path[]::new));
        database = PostgresDatabase.create("gw_pacs_it");
        gateway = GatewayServer.start("external-pacs", Map.of(
                "GATEWAY_PACS", orthanc.dicomWebUrl().toString(),
                "GATEWAY_PACS_SCAN_SECONDS", "2",
                "GATEWAY_DB_URL", database.jdbcUrl(),
                "GATEWAY_DB_USER", "postgres",
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
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
    void studyAlreadyInThePacsIsPublishedAndServed() throws Exception {
        Map<String, String> datasets = new java.util.HashMap<>();
        for (Path f : study.files) {
            datasets.put(org.imagingexchange.gateway.dicom.DicomFiles.readHeader(f,
                    org.imagingexchange.gateway.dicom.DicomLimits.defaults()).sopInstanceUid(),
                    NistStudy.datasetSha256(java.nio.file.Files.newInputStream(f)));
        }
        XdsImagingWalkthroughIT.walkthrough(gateway, new XdsConsumer(gateway, ISSUER, REPOSITORY), study, REPOSITORY,
                datasets, true);
    }

    @Test
    void cStoreToTheGatewayLandsInThePacs() throws Exception {
        Path file = TestPaths.shared().resolve("dicom/nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1031_Gamma/"
                + "1.3.6.1.4.1.21367.201599.3.201606010958048.1.explicitLE.dcm");
        Process p = new ProcessBuilder("storescu", "-aec", gateway.aeTitle(), "127.0.0.1",
                Integer.toString(gateway.dicomPort()), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        DicomWebClient client = DicomWebClient.builder(orthanc.dicomWebUrl()).build();
        List<QidoInstance> inPacs = client.searchInstances("1.3.6.1.4.1.21367.201599.1.201606010958048");
        assertTrue(inPacs.stream().anyMatch(i -> "1.3.6.1.4.1.21367.201599.3.201606010958048.1".equals(i.sopInstanceUid())),
                "the instance stored through the gateway is in Orthanc");
    }
}
