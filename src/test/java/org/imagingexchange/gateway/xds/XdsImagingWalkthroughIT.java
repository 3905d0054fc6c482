// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.KosReader;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsClients;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README walkthrough, end to end on a real Liberty server with the embedded store and H2:
 * DCMTK storescu sends the NIST IIG-DEPT1021 study; ITI-18 finds one KOS DocumentEntry;
 * ITI-43 returns a KOS whose evidence lists the 36 instances; RAD-69 for one series returns its
 * 20 instances as MTOM parts, byte-identical to what was sent.
 */
class XdsImagingWalkthroughIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.99.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.99.2";
    static final String COMMUNITY = "urn:oid:1.3.6.1.4.1.21367.2026.99.1";
    static final String SERIES_OF_20 = "1.3.6.1.4.1.21367.201599.2.201606010958044";
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    static GatewayServer gateway;
    static List<Path> sent;
    static Map<String, String> sha256BySop = new HashMap<>();
    static Map<String, String> seriesBySop = new HashMap<>();
    static String studyUid;

    @BeforeAll
    static void startAndSend() throws Exception {
        gateway = GatewayServer.start("walkthrough", Map.of(
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", COMMUNITY,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2"));
        try (Stream<Path> files = Files.list(TestPaths.nistStudyDir())) {
            sent = files.filter(p -> p.getFileName().toString().endsWith(".explicitLE.dcm")).sorted().toList();
        }
        assertEquals(36, sent.size(), "the NIST study has 36 MR images");
        for (Path p : sent) {
            InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
            sha256BySop.put(h.sopInstanceUid(), sha256(Files.newInputStream(p)));
            seriesBySop.put(h.sopInstanceUid(), h.seriesInstanceUid());
            studyUid = h.studyInstanceUid();
        }
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", gateway.aeTitle(),
                "127.0.0.1", Integer.toString(gateway.dicomPort())));
        sent.forEach(p -> cmd.add(p.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "storescu failed:\n" + out);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void findRetrieveManifestAndImages() throws Exception {
        DocumentEntry kosEntry = awaitOneManifest(Duration.ofSeconds(60));
        assertEquals("application/dicom", kosEntry.getMimeType());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.59", kosEntry.getFormatCode().getCode());
        assertEquals(REPOSITORY, kosEntry.getRepositoryUniqueId());
        assertTrue(kosEntry.getReferenceIdList().stream().anyMatch(r -> studyUid.equals(r.getId())),
                "referenceIdList carries the Study Instance UID");
        assertTrue(kosEntry.getEventCodeList().stream().anyMatch(c -> "MR".equals(c.getCode())));

        // ITI-43: the KOS lists all 36 instances
        RetrieveDocumentSet rds = new RetrieveDocumentSet();
        rds.getDocuments().add(new DocumentReference(REPOSITORY, kosEntry.getUniqueId(), null));
        var rawKos = XdsClients.iti43(gateway.soapUrl("xds/iti43")).documentRepositoryRetrieveDocumentSet(
                new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rds).getInternal());
        RetrievedDocumentSet kosSet = new RetrieveDocumentSetResponseTransformer(FACTORY)
                .fromEbXML(new EbXMLRetrieveDocumentSetResponse30(rawKos));
        assertEquals(Status.SUCCESS, kosSet.getStatus());
        assertEquals(1, kosSet.getDocuments().size());
        Path kosFile = gateway.dataDir().resolve("kos-retrieved.dcm");
        try (InputStream in = kosSet.getDocuments().get(0).getDataHandler().getInputStream()) {
            Files.copy(in, kosFile);
        }
        var kos = KosReader.read(kosFile);
        TreeSet<String> listed = new TreeSet<>();
        kos.series().forEach(s -> s.instances().forEach(i -> listed.add(i.sopInstanceUid())));
        assertEquals(new TreeSet<>(sha256BySop.keySet()), listed, "the KOS evidence lists exactly the 36 instances");
        kos.series().forEach(s -> assertEquals(REPOSITORY, s.retrieveLocationUid()));

        // RAD-69: one series, 20 instances, byte-identical
        RetrievedDocumentSet images = rad69(SERIES_OF_20, kosSeriesInstances(kos, SERIES_OF_20), List.of("1.2.840.10008.1.2.1"));
        assertEquals(Status.SUCCESS, images.getStatus(), () -> "errors: " + images.getErrors());
        assertEquals(20, images.getDocuments().size());
        Map<String, String> received = new TreeMap<>();
        for (RetrievedDocument d : images.getDocuments()) {
            assertEquals("application/dicom", d.getMimeType());
            try (InputStream in = d.getDataHandler().getInputStream()) {
                received.put(d.getRequestData().getDocumentUniqueId(), sha256(in));
            }
        }
        for (var e : received.entrySet()) {
            assertEquals(sha256BySop.get(e.getKey()), e.getValue(), "instance " + e.getKey() + " is byte-identical");
        }
    }

    @Test
    void unknownInstanceGivesPartialSuccess() throws Exception {
        awaitOneManifest(Duration.ofSeconds(60));
        String known = seriesBySop.entrySet().stream().filter(e -> e.getValue().equals(SERIES_OF_20))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        RetrievedDocumentSet r = rad69(SERIES_OF_20, List.of(known, "1.2.3.4.5.6.7.8.9"), List.of("1.2.840.10008.1.2.1"));
        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(1, r.getDocuments().size());
        assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, r.getErrors().get(0).getErrorCode());
        assertEquals("1.2.3.4.5.6.7.8.9", r.getErrors().get(0).getLocation());
    }

    @Test
    void unknownPatientIsReported() throws Exception {
        QueryResponse r = findDocuments("NO-SUCH-PATIENT");
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(ErrorCode.UNKNOWN_PATIENT_ID, r.getErrors().get(0).getErrorCode());
    }

    @Test
    void readinessReportsUp() throws Exception {
        var r = gateway.get("/health/ready");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"UP\""));
        assertFalse(Files.readString(gateway.messagesLog()).contains("IIG-DEPT1021^"), "no patient names in the log");
    }

    private static List<String> kosSeriesInstances(org.imagingexchange.gateway.dicom.KosManifest kos, String seriesUid) {
        List<String> sops = new ArrayList<>();
        kos.series().filter(s -> s.seriesInstanceUid().equals(seriesUid))
                .forEach(s -> s.instances().forEach(i -> sops.add(i.sopInstanceUid())));
        return sops;
    }

    static RetrievedDocumentSet rad69(String seriesUid, List<String> sops, List<String> syntaxes) {
        RetrieveImagingDocumentSet req = new RetrieveImagingDocumentSet();
        List<DocumentReference> refs = new ArrayList<>();
        sops.forEach(s -> refs.add(new DocumentReference(REPOSITORY, s, null)));
        RetrieveStudy study = new RetrieveStudy();
        study.setStudyInstanceUID(studyUid);
        study.getRetrieveSerieses().add(new RetrieveSeries(seriesUid, refs));
        req.getRetrieveStudies().add(study);
        req.getTransferSyntaxIds().addAll(syntaxes);
        var raw = XdsClients.rad69(gateway.soapUrl("xds/rad69")).documentRepositoryRetrieveImagingDocumentSet(
                new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(req).getInternal());
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
    }

    static QueryResponse findDocuments(String patientId) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable(patientId, new AssigningAuthority(ISSUER, "ISO")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry query = new QueryRegistry(q);
        query.setReturnType(QueryReturnType.LEAF_CLASS);
        var raw = XdsClients.iti18(gateway.soapUrl("xds/iti18")).documentRegistryRegistryStoredQuery(
                new QueryRegistryTransformer().toEbXML(query).getInternal());
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(raw));
    }

    /** Polls ITI-18 until the manifest is registered (the publisher waits for the study to be stable). */
    static DocumentEntry awaitOneManifest(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        QueryResponse last = null;
        while (Instant.now().isBefore(deadline)) {
            last = findDocuments("IIG-DEPT1021");
            if (last.getStatus() == Status.SUCCESS && !last.getDocumentEntries().isEmpty()) {
                List<DocumentEntry> entries = last.getDocumentEntries();
                assertEquals(1, entries.size(), "exactly one approved manifest for the study");
                assertNotNull(entries.get(0).getUniqueId());
                return entries.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no KOS DocumentEntry within " + timeout + "; last response " + last);
    }

    static String sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
