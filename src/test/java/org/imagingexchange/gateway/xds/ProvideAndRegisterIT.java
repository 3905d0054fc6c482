// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsClients;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;

/**
 * ITI-41 / RAD-68 from another Imaging Document Source into the gateway's repository and
 * registry: the NIST KOS manifest of IIG-DEPT1021 with XDS-I.b metadata is stored and
 * registered, found by ITI-18 next to the gateway's own manifest and returned by ITI-43 byte for
 * byte; a resubmission of its uniqueId with other bytes and a submission for an unknown patient
 * fail, and store nothing (ITI TF-3 4.2.4, BRIEF 3.6).
 */
class ProvideAndRegisterIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.96.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.96.2";
    static final String COMMUNITY = "urn:oid:1.3.6.1.4.1.21367.2026.96.1";
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    static GatewayServer gateway;
    static XdsConsumer consumer;
    static Path kosFile;
    static String kosUid;
    static Response firstSubmission;
    static DocumentEntry ownManifest;

    @BeforeAll
    static void startStoreAndProvide() throws Exception {
        kosFile = TestPaths.nistStudyDir().resolve("KOS-manifest_ids-1002.dcm");
        kosUid = DicomFiles.readHeader(kosFile, DicomLimits.defaults()).sopInstanceUid();
        gateway = GatewayServer.start("provide-and-register", Map.of(
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", COMMUNITY,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
        consumer = new XdsConsumer(gateway, ISSUER, REPOSITORY);

        // the patient becomes known to the registry with its first image
        Path image = NistStudy.load().files.get(0);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/studies"))
                        .header("Content-Type", "application/dicom")
                        .POST(HttpRequest.BodyPublishers.ofFile(image)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());

        firstSubmission = provide(patient(NistStudy.PATIENT_ID), kosUid, kosFile);
        ownManifest = awaitOwnManifest(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void providedManifestIsRegisteredFoundAndRetrievedByteForByte() throws Exception {
        assertEquals(Status.SUCCESS, firstSubmission.getStatus(), () -> "errors: " + firstSubmission.getErrors());
        assertTrue(firstSubmission.getErrors().isEmpty(), () -> "errors: " + firstSubmission.getErrors());

        QueryResponse found = consumer.findDocuments(NistStudy.PATIENT_ID);
        assertEquals(Status.SUCCESS, found.getStatus(), () -> "errors: " + found.getErrors());
        List<String> uniqueIds = found.getDocumentEntries().stream().map(DocumentEntry::getUniqueId).sorted().toList();
        assertEquals(List.of(kosUid, ownManifest.getUniqueId()).stream().sorted().toList(), uniqueIds,
                "the provided manifest and the gateway's own one");
        DocumentEntry entry = found.getDocumentEntries().stream().filter(e -> kosUid.equals(e.getUniqueId()))
                .findFirst().orElseThrow();
        assertEquals("application/dicom", entry.getMimeType());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.59", entry.getFormatCode().getCode());
        assertEquals(REPOSITORY, entry.getRepositoryUniqueId());
        assertEquals(Files.size(kosFile), entry.getSize());
        assertTrue(entry.getReferenceIdList().stream().anyMatch(id -> NistStudy.STUDY_UID.equals(id.getId())));

        assertArrayEquals(Files.readAllBytes(kosFile), retrieve(kosUid), "ITI-43 returns the KOS byte for byte");
    }

    @Test
    void sameUniqueIdWithOtherBytesIsRefused() throws Exception {
        byte[] original = Files.readAllBytes(kosFile);
        String text = new String(original, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("WUSTL"), "the KOS names its manufacturer");
        Path changed = gateway.dataDir().resolveSibling(gateway.dataDir().getFileName() + "-kos-changed.dcm");
        Files.write(changed, text.replaceFirst("WUSTL", "WUSTX").getBytes(StandardCharsets.ISO_8859_1));
        List<Path> before = repositoryFiles();

        Response second = provide(patient(NistStudy.PATIENT_ID), kosUid, changed);

        assertEquals(Status.FAILURE, second.getStatus());
        assertEquals(List.of(ErrorCode.NON_IDENTICAL_HASH),
                second.getErrors().stream().map(e -> e.getErrorCode()).toList(), () -> "errors: " + second.getErrors());
        assertEquals(before, repositoryFiles(), "nothing stored");
        assertArrayEquals(original, retrieve(kosUid), "the registered KOS is unchanged");
    }

    @Test
    void unknownPatientIsRefusedAndNothingStored() throws Exception {
        String otherUid = XdsSamples.newUid();
        List<Path> before = repositoryFiles();

        Response r = provide(patient("NO-SUCH-PATIENT"), otherUid, kosFile);

        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(List.of(ErrorCode.UNKNOWN_PATIENT_ID), r.getErrors().stream().map(e -> e.getErrorCode()).toList(),
                () -> "errors: " + r.getErrors());
        assertEquals(before, repositoryFiles(), "nothing stored");
        RetrievedDocumentSet retrieved = consumer.retrieveDocuments(otherUid);
        assertEquals(Status.FAILURE, retrieved.getStatus());
        assertEquals(0, retrieved.getDocuments().size());
        assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, retrieved.getErrors().get(0).getErrorCode());
    }

    static Identifiable patient(String id) {
        return new Identifiable(id, new AssigningAuthority(ISSUER, "ISO"));
    }

    /** ITI-41 through the CXF client: the XDS-I.b KOS submission of XdsSamples with this KOS as content. */
    static Response provide(Identifiable patient, String uniqueId, Path kos) {
        ProvideAndRegisterDocumentSet request = XdsSamples.kosProvideAndRegister(patient, NistStudy.STUDY_UID, uniqueId,
                new DataHandler(new FileDataSource(kos.toFile())));
        var raw = XdsClients.iti41(gateway.soapUrl("xds/iti41")).documentRepositoryProvideAndRegisterDocumentSetB(
                new ProvideAndRegisterDocumentSetTransformer(FACTORY).toEbXML(request).getInternal());
        return new ResponseTransformer(FACTORY).fromEbXML(new EbXMLRegistryResponse30(raw));
    }

    static byte[] retrieve(String uniqueId) throws Exception {
        RetrievedDocumentSet set = consumer.retrieveDocuments(uniqueId);
        assertEquals(Status.SUCCESS, set.getStatus(), () -> "errors: " + set.getErrors());
        assertEquals(1, set.getDocuments().size());
        try (InputStream in = set.getDocuments().get(0).getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The repository's document files (its tmp/ left out). */
    static List<Path> repositoryFiles() throws Exception {
        Path root = gateway.dataDir().resolve("repository");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith("tmp")).sorted().toList();
        }
    }

    /** Polls ITI-18 until the gateway has published its own manifest of the stored image. */
    static DocumentEntry awaitOwnManifest(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        QueryResponse last = null;
        while (Instant.now().isBefore(deadline)) {
            last = consumer.findDocuments(NistStudy.PATIENT_ID);
            var own = last.getDocumentEntries().stream().filter(e -> !kosUid.equals(e.getUniqueId())).toList();
            if (!own.isEmpty()) {
                assertEquals(1, own.size(), "one manifest of the gateway's own");
                assertNotEquals(kosUid, own.get(0).getUniqueId());
                return own.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the gateway published no manifest within " + timeout + "; last " + last);
    }
}
