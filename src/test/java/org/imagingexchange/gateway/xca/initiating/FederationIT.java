// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_D;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.dicom.KosManifest;
import org.imagingexchange.gateway.dicom.KosReader;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.imagingexchange.gateway.testing.PartnerFiles;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsClients;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

/**
 * Three real gateways as three communities on one machine, as the issue describes: A (initiating,
 * PostgreSQL) and the responding gateways B (embedded store, the NIST IIG-DEPT1021 MR study sent by
 * storescu) and C (in front of a real Orthanc holding the NIST IIG-DEPT1011 CR studies), each with
 * its own data directory, ports and lab PKI certificates, mutual TLS between them and assertions
 * issued and signed by A. A's patient A-1001 is cross-referenced (REST) to B's and C's own ids.
 * Two partners that cannot answer complete the picture: D, a stub that answers long after its
 * deadline, and E, a closed port.
 */
class FederationIT {
    static final String LOCAL_ID = "A-1001";
    static final String ISSUER_B = "1.3.6.1.4.1.21367.2026.2.3";
    static final String ISSUER_C = "1.3.6.1.4.1.21367.2026.3.3";
    static final String REPOSITORY_B = "1.3.6.1.4.1.21367.2026.2.2";
    static final String REPOSITORY_C = "1.3.6.1.4.1.21367.2026.3.2";
    static final String HCID_E = "urn:oid:1.3.6.1.4.1.21367.2026.5.1";
    static final String PATIENT_C = "IIG-DEPT1011";
    static final Duration D_DEADLINE = Duration.ofSeconds(3);
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static FederationPki pki;
    static Path work;
    static OrthancPeer orthanc;
    static PostgresDatabase databaseA;
    static GatewayServer a;
    static GatewayServer b;
    static GatewayServer c;
    static StubPartner d;
    static NistStudy study;
    static Map<String, String> datasetSentToB;
    static List<RetrieveRoutingTest.Instance> alpha;
    static DocumentEntry kosOfB;

    @BeforeAll
    static void start() throws Exception {
        pki = FederationPki.get();
        work = Files.createDirectories(TestPaths.projectDir().resolve("target/it/federation-" + System.nanoTime()));
        Path partnerOfBAndC = partnerFileNaming("gw-a", HCID_A, work.resolve("responding"));

        int httpsB = GatewayServer.freePort();
        b = GatewayServer.start("federation-b", settings("gw-b", HCID_B, ISSUER_B, REPOSITORY_B, httpsB,
                Map.of("GATEWAY_PARTNERS_FILE", partnerOfBAndC.toString())));
        study = NistStudy.load();
        datasetSentToB = study.datasetSha256AsSentByStorescu(work);
        study.storescu(b.aeTitle(), b.dicomPort());

        alpha = RetrieveRoutingTest.instances(TestPaths.nistAlphaDir());
        orthanc = OrthancPeer.start();
        orthanc.upload(alpha.stream().map(RetrieveRoutingTest.Instance::file).toArray(Path[]::new));
        int httpsC = GatewayServer.freePort();
        c = GatewayServer.start("federation-c", settings("gw-c", HCID_C, ISSUER_C, REPOSITORY_C, httpsC, Map.of(
                "GATEWAY_PARTNERS_FILE", partnerOfBAndC.toString(),
                "GATEWAY_PACS", orthanc.dicomWebUrl().toString(),
                "GATEWAY_PACS_SCAN_SECONDS", "2")));

        d = StubPartner.of("gw-d", HCID_D);
        d.delay = D_DEADLINE.multipliedBy(6);
        int closedPort = GatewayServer.freePort();

        Path partnersOfA = work.resolve("initiating/partners.yaml");
        Files.createDirectories(partnersOfA.getParent());
        Files.writeString(partnersOfA, "partners:\n"
                + partner("gw-b", HCID_B, "https://127.0.0.1:" + httpsB + "/services/rg/", "60s")
                + partner("gw-c", HCID_C, "https://127.0.0.1:" + httpsC + "/services/rg/", "60s")
                + partner("gw-d", HCID_D, d.url("").toString(), D_DEADLINE.toSeconds() + "s")
                + PartnerFiles.initiatingEntry("gw-e", HCID_E, "CN=gw-e,OU=gateway,O=Imaging Exchange Lab",
                        "https://127.0.0.1:" + closedPort + "/services/rg/", "60s"));
        databaseA = PostgresDatabase.create("gw_federation_a");
        CommunityFiles filesOfA = pki.community("gw-a");
        Map<String, String> extra = new HashMap<>(Map.of(
                "GATEWAY_PARTNERS_FILE", partnersOfA.toString(),
                "GATEWAY_SAML_KEYSTORE", filesOfA.samlKeyStore().toString(),
                "GATEWAY_SAML_KEYSTORE_PASSWORD", pki.password("gw-a", "saml-signing.password"),
                "GATEWAY_DB_URL", databaseA.jdbcUrl(),
                "GATEWAY_DB_USER", "postgres"));
        a = GatewayServer.start("federation-a", settings("gw-a", HCID_A, FederationPki.ISSUER_A,
                "1.3.6.1.4.1.21367.2026.1.2", GatewayServer.freePort(), extra));

        link(HCID_B, NistStudy.PATIENT_ID, ISSUER_B);
        link(HCID_C, PATIENT_C, ISSUER_C);
        link(HCID_D, "D-1", "1.3.6.1.4.1.21367.2026.4.3");
        link(HCID_E, "E-1", "1.3.6.1.4.1.21367.2026.5.3");

        kosOfB = new XdsConsumer(b, ISSUER_B, REPOSITORY_B).awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(120));
        awaitManifests(new XdsConsumer(c, ISSUER_C, REPOSITORY_C), PATIENT_C,
                alpha.stream().map(RetrieveRoutingTest.Instance::study).distinct().count(), Duration.ofSeconds(120));
    }

    /** Waits until the community has published one manifest per study of the patient. */
    static void awaitManifests(XdsConsumer consumer, String patientId, long studies, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int found = 0;
        while (System.nanoTime() < deadline) {
            QueryResponse r = consumer.findDocuments(patientId);
            found = r.getDocumentEntries().size();
            if (found == studies) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(studies + " manifests expected for " + patientId + ", " + found + " published");
    }

    /** A community's gateway settings: its lab PKI stores (mutual TLS), ids, and a fixed HTTPS port. */
    static Map<String, String> settings(String community, String hcid, String issuer, String repository, int httpsPort,
                                        Map<String, String> extra) throws Exception {
        Map<String, String> s = new HashMap<>(pki.community(community).readEnv());
        s.put("GATEWAY_HOME_COMMUNITY_ID", hcid);
        s.put("GATEWAY_PATIENT_ID_ISSUER", issuer);
        s.put("GATEWAY_REPOSITORY_UNIQUE_ID", repository);
        s.put("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort));
        s.put("GATEWAY_TLS_CRL", pki.root.resolve("ca/lab-ca/crl.pem").toString());
        s.put("GATEWAY_MANIFEST_STABLE_SECONDS", "2");
        s.put("GATEWAY_START_TIMEOUT", "600");
        s.putAll(extra);
        return s;
    }

    /** The responding side's partner file: who may call (A's node certificate and its SAML signing key). */
    static Path partnerFileNaming(String community, String hcid, Path dir) throws Exception {
        return PartnerFiles.naming(pki.community(community), community, hcid, dir);
    }

    /** The initiating side's entry for lab community {@code name} whose responding endpoints are under {@code base}. */
    static String partner(String name, String hcid, String base, String queryDeadline) throws Exception {
        return PartnerFiles.initiatingEntry(name, hcid, PartnerFiles.subjectOf(pki.community(name)), base, queryDeadline);
    }

    static void link(String hcid, String partnerPatientId, String authority) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/api/patients/" + LOCAL_ID
                        + "/cross-references/" + hcid)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"patientId\":\"" + partnerPatientId
                        + "\",\"assigningAuthority\":\"" + authority + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.statusCode() + " " + r.body());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable x : new AutoCloseable[] {a, b, c, d, orthanc, databaseA}) {
            if (x != null) {
                try {
                    x.close();
                } catch (Exception e) {
                    System.err.println("closing " + x + ": " + e);
                }
            }
        }
    }

    private static QueryResponse findDocumentsAtA() {
        var request = new QueryRegistryTransformer(FACTORY).toEbXML(FanOutTest.findDocuments(LOCAL_ID)).getInternal();
        var answer = XdsClients.iti18(a.soapUrl("ig/iti18")).documentRegistryRegistryStoredQuery(request);
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(answer));
    }

    @Test
    void findDocumentsReturnsTheManifestsOfBAndCAndNamesThePartnersThatCouldNotAnswer() throws Exception {
        findDocumentsAtA(); // untimed: the first call warms A's and the partners' clients and endpoints
        long t0 = System.nanoTime();
        QueryResponse r = findDocumentsAtA();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus(), () -> r.getErrors().toString());
        Map<String, Set<String>> studiesByHome = r.getDocumentEntries().stream().collect(Collectors.groupingBy(
                DocumentEntry::getHomeCommunityId, Collectors.flatMapping(e -> e.getReferenceIdList().stream()
                        .filter(id -> id.getIdTypeCode() != null
                                && id.getIdTypeCode().toLowerCase(java.util.Locale.ROOT).contains("studyinstanceuid"))
                        .map(id -> id.getId()), Collectors.toCollection(TreeSet::new))));
        assertEquals(Set.of(HCID_B, HCID_C), studiesByHome.keySet(), "manifests of B and C only");
        assertEquals(Set.of(NistStudy.STUDY_UID), studiesByHome.get(HCID_B));
        assertEquals(alpha.stream().map(RetrieveRoutingTest.Instance::study).collect(Collectors.toCollection(TreeSet::new)),
                studiesByHome.get(HCID_C));
        r.getDocumentEntries().forEach(e -> assertEquals("1.2.840.10008.5.1.4.1.1.88.59", e.getFormatCode().getCode()));

        Map<String, ErrorCode> errors = r.getErrors().stream().collect(Collectors.toMap(ErrorInfo::getLocation,
                ErrorInfo::getErrorCode));
        assertEquals(Map.of(HCID_D, ErrorCode.UNAVAILABLE_COMMUNITY, HCID_E, ErrorCode.UNAVAILABLE_COMMUNITY), errors);
        assertTrue(millis < d.delay.toMillis() / 2, "A did not wait for the slow partner: answered in " + millis + " ms");

        HttpResponse<String> audit = HTTP.send(HttpRequest.newBuilder(URI.create(b.httpBase()
                + "/api/audit?event=ITI-38&partner=" + HCID_A)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body().contains(HCID_A), "B audited A's query: " + audit.body());
    }

    @Test
    void iti43ThroughARoutesToBAndReturnsItsManifest() throws Exception {
        RetrieveDocumentSet model = new RetrieveDocumentSet();
        model.getDocuments().add(new DocumentReference(REPOSITORY_B, kosOfB.getUniqueId(), HCID_B));
        var request = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(model).getInternal();
        var answer = XdsClients.iti43(a.soapUrl("ig/iti43")).documentRepositoryRetrieveDocumentSet(request);
        assertEquals(Status.SUCCESS.getOpcode30(), answer.getRegistryResponse().getStatus());
        assertEquals(1, answer.getDocumentResponse().size());
        assertEquals(HCID_B, answer.getDocumentResponse().get(0).getHomeCommunityId());
        Path kosFile = work.resolve("kos-of-b.dcm");
        try (InputStream in = answer.getDocumentResponse().get(0).getDocument().getInputStream()) {
            Files.copy(in, kosFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        KosManifest kos = KosReader.read(kosFile);
        TreeSet<String> listed = new TreeSet<>();
        kos.instances().forEach(i -> listed.add(i.sopInstanceUid()));
        assertEquals(new TreeSet<>(study.sha256BySop.keySet()), listed, "B's KOS lists its 36 instances");
    }

    @Test
    void rad69ThroughASpanningBAndCReturnsEveryInstanceByteIdentical() throws Exception {
        List<RetrieveRoutingTest.Instance> beta = RetrieveRoutingTest.instances(TestPaths.nistStudyDir());
        RetrieveImagingDocumentSet model = new RetrieveImagingDocumentSet();
        model.getTransferSyntaxIds().add(RetrieveRoutingTest.EXPLICIT_LE);
        RetrieveRoutingTest.add(model, beta, HCID_B, REPOSITORY_B);
        RetrieveRoutingTest.add(model, alpha, HCID_C, REPOSITORY_C);
        var request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(model).getInternal();

        var answer = XdsClients.rad69(a.soapUrl("ig/rad69")).documentRepositoryRetrieveImagingDocumentSet(request);

        assertEquals(Status.SUCCESS.getOpcode30(), answer.getRegistryResponse().getStatus(),
                () -> String.valueOf(answer.getRegistryResponse().getRegistryErrorList()));
        assertEquals(beta.size() + alpha.size(), answer.getDocumentResponse().size());
        Map<String, Path> cFiles = alpha.stream().collect(Collectors.toMap(RetrieveRoutingTest.Instance::sop,
                RetrieveRoutingTest.Instance::file));
        for (var doc : answer.getDocumentResponse()) {
            String sop = doc.getDocumentUniqueId();
            try (InputStream in = doc.getDocument().getInputStream()) {
                byte[] bytes = in.readAllBytes();
                if (HCID_B.equals(doc.getHomeCommunityId())) {
                    assertEquals(datasetSentToB.get(sop), NistStudy.datasetSha256(new java.io.ByteArrayInputStream(bytes)),
                            "B's instance " + sop + " as storescu sent it");
                } else {
                    assertEquals(HCID_C, doc.getHomeCommunityId());
                    assertEquals(XdsConsumer.sha256(Files.newInputStream(cFiles.get(sop))),
                            XdsConsumer.sha256(new java.io.ByteArrayInputStream(bytes)), "C's instance " + sop);
                }
            }
        }
    }

    @Test
    void outsideStudiesOfTheLocalPatientListBAndCWithEachCommunitysStatus() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/api/patients/" + LOCAL_ID
                + "/outside-studies")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(NistStudy.STUDY_UID), r.body());
        alpha.forEach(i -> assertTrue(r.body().contains(i.study()), "C's study " + i.study() + ": " + r.body()));
        for (String hcid : List.of(HCID_B, HCID_C, HCID_D, HCID_E)) {
            assertTrue(r.body().contains(hcid), "status of " + hcid + ": " + r.body());
        }
    }

    /**
     * IRWF.b import of B's study into A (issue 5): found by its manifest, retrieved by RAD-75 through
     * A's initiating side over mutual TLS, reconciled to the local patient the operator names, coerced
     * and stored in A's own PACS, its KOS registered in A's registry, audited. (A local patient of its
     * own, A-2002, so the other tests of A-1001 do not see A's copy.)
     */
    @Test
    void importOfBsStudyEndsInAsPacsUnderTheLocalPatient() throws Exception {
        String localId = "A-2002";
        String repositoryA = "1.3.6.1.4.1.21367.2026.1.2";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/api/imports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"homeCommunityId\":\"" + HCID_B + "\",\"studyInstanceUid\":\""
                        + NistStudy.STUDY_UID + "\",\"manifestUniqueId\":\"" + kosOfB.getUniqueId()
                        + "\",\"repositoryUniqueId\":\"" + REPOSITORY_B + "\",\"localPatientId\":\"" + localId + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) org.imagingexchange.gateway.testing.MiniJson.parse(created.body());
        String id = (String) job.get("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!"done".equals(job.get("state"))) {
            assertTrue(System.nanoTime() < deadline, "import not done in 180 s: " + job);
            assertTrue(List.of("queued", "retrieving", "reconciling", "storing", "verifying").contains(job.get("state")),
                    "import ended " + job);
            Thread.sleep(500);
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) org.imagingexchange.gateway.testing.MiniJson.parse(
                    a.get("/api/imports/" + id).body());
            job = next;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = (Map<String, Object>) job.get("progress");
        assertEquals(study.files.size(), ((Number) progress.get("verified")).intValue(), job.toString());

        // A's own XDS-I.b: the KOS is registered for the local patient, and the images come back coerced
        XdsConsumer local = new XdsConsumer(a, FederationPki.ISSUER_A, repositoryA);
        DocumentEntry kos = local.awaitManifest(localId, Duration.ofSeconds(60));
        assertTrue(kos.getReferenceIdList().stream().anyMatch(r -> NistStudy.STUDY_UID.equals(r.getId())),
                "A's KOS names the study: " + kos.getReferenceIdList());
        Path out = Files.createDirectories(work.resolve("imported"));
        for (Path source : study.files) {
            var h = org.imagingexchange.gateway.dicom.DicomFiles.readHeader(source,
                    org.imagingexchange.gateway.dicom.DicomLimits.defaults());
            var answer = local.retrieveImages(h.studyInstanceUid(), h.seriesInstanceUid(), List.of(h.sopInstanceUid()),
                    List.of(RetrieveRoutingTest.EXPLICIT_LE, "1.2.840.10008.1.2"));
            assertEquals(1, answer.getDocuments().size(), () -> "A serves " + h.sopInstanceUid() + ": " + answer.getErrors());
            Path stored = out.resolve(h.sopInstanceUid() + ".dcm");
            try (InputStream in = answer.getDocuments().get(0).getDataHandler().getInputStream()) {
                Files.copy(in, stored);
            }
            var coerced = org.imagingexchange.gateway.dicom.DicomFiles.readHeader(stored,
                    org.imagingexchange.gateway.dicom.DicomLimits.defaults());
            assertEquals(localId, coerced.patientId());
            assertEquals(FederationPki.ISSUER_A, coerced.issuerOfPatientId());
            String dump = Dcmtk.dump(stored).output();
            assertTrue(dump.contains("(0010,1002)") && dump.contains("[" + NistStudy.PATIENT_ID + "]"), dump);
            assertTrue(dump.contains("(0400,0561)") && dump.contains("[COERCE]") && dump.contains(HCID_B), dump);
            assertArrayEquals(Dcmtk.pixelData(source, out), Dcmtk.pixelData(stored, out), "pixel data of " + source);
        }
        HttpResponse<String> audit = a.get("/api/audit?event=IMPORT");
        assertTrue(audit.body().contains(localId) && audit.body().contains(NistStudy.PATIENT_ID), audit.body());
    }
}
