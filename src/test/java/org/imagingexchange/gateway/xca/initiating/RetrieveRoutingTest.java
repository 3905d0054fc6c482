// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_D;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagingexchange.gateway.community.OutboundAssertionMode;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * RAD-69 and ITI-43 routed by homeCommunityId over mutual TLS: one RAD-75 per community with
 * the nesting and transfer syntaxes kept, real DICOM files streamed through byte for byte,
 * unknown and unavailable communities reported per the brief.
 */
class RetrieveRoutingTest {
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    StubPartner b;
    StubPartner c;
    Rig rig;

    /** A real instance: its place in the study and its file. */
    record Instance(String study, String series, String sop, Path file) {}

    static List<Instance> instances(Path dir) throws Exception {
        List<Instance> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".explicitLE.dcm")).sorted().toList()) {
                InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
                out.add(new Instance(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid(), p));
            }
        }
        return out;
    }

    /** Adds the instances to a RAD-69 request under their study and series, with {@code home}. */
    static void add(RetrieveImagingDocumentSet r, List<Instance> instances, String home, String repository) {
        Map<String, Map<String, List<DocumentReference>>> tree = new LinkedHashMap<>();
        for (Instance i : instances) {
            tree.computeIfAbsent(i.study(), k -> new LinkedHashMap<>()).computeIfAbsent(i.series(), k -> new ArrayList<>())
                    .add(new DocumentReference(repository, i.sop(), home));
        }
        tree.forEach((study, series) -> {
            List<RetrieveSeries> list = new ArrayList<>();
            series.forEach((uid, docs) -> list.add(new RetrieveSeries(uid, docs)));
            r.getRetrieveStudies().add(new RetrieveStudy(study, list));
        });
    }

    @BeforeEach
    void start() throws Exception {
        b = StubPartner.of("gw-b", HCID_B);
        c = StubPartner.of("gw-c", HCID_C);
        rig = new Rig().partner(b, "gw-b", Duration.ofSeconds(5)).partner(c, "gw-c", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        rig.close();
        b.close();
        c.close();
    }

    @Test
    void rad69AcrossCommunitiesIsSplitSentInParallelAndStreamedBackByteForByte() throws Exception {
        List<Instance> beta = instances(TestPaths.nistStudyDir());
        List<Instance> alpha = instances(TestPaths.nistAlphaDir());
        beta.forEach(i -> b.documents.put(i.sop(), i.file()));
        alpha.forEach(i -> c.documents.put(i.sop(), i.file()));
        byte[] localBytes = "local instance".getBytes();
        rig.localImages = r -> {
            RetrievedDocumentSet set = new RetrievedDocumentSet(Status.SUCCESS);
            for (DocumentReference d : RetrieveSplit.documents(r)) {
                set.getDocuments().add(new RetrievedDocument(new DataHandler(new ByteArrayDataSource(localBytes,
                        "application/dicom")), d, null, null, "application/dicom"));
            }
            return set;
        };
        rig.start();
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getTransferSyntaxIds().add(EXPLICIT_LE);
        add(request, beta, HCID_B, b.repositoryUniqueId);
        add(request, alpha, HCID_C, c.repositoryUniqueId);
        request.getRetrieveStudies().get(0).getRetrieveSerieses().get(0).getDocuments()
                .add(new DocumentReference("1.2.9", "1.2.3.404", "urn:oid:1.2.3.404"));
        request.getRetrieveStudies().get(0).getRetrieveSerieses().get(0).getDocuments()
                .add(new DocumentReference("1.3.6.1.4.1.21367.2026.1.2", "1.2.3.5", HCID_A));

        RetrievedDocumentSet r = rig.retrieve.retrieveImages(request, Requester.SYSTEM);

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(1, r.getErrors().size());
        ErrorInfo unknown = r.getErrors().get(0);
        assertEquals(ErrorCode.UNKNOWN_COMMUNITY, unknown.getErrorCode());
        assertEquals("1.2.3.404", unknown.getLocation());
        assertEquals(beta.size() + alpha.size() + 1, r.getDocuments().size());
        Map<String, Path> files = new LinkedHashMap<>(b.documents);
        files.putAll(c.documents);
        for (RetrievedDocument d : r.getDocuments()) {
            String sop = d.getRequestData().getDocumentUniqueId();
            try (InputStream in = d.getDataHandler().getInputStream()) {
                if (sop.equals("1.2.3.5")) {
                    assertEquals(HCID_A, d.getRequestData().getHomeCommunityId());
                    assertEquals(new String(localBytes), new String(in.readAllBytes()));
                } else {
                    assertEquals(XdsConsumer.sha256(Files.newInputStream(files.get(sop))), XdsConsumer.sha256(in),
                            "instance " + sop + " byte-identical");
                    assertEquals(b.documents.containsKey(sop) ? HCID_B : HCID_C, d.getRequestData().getHomeCommunityId());
                }
            }
        }
        String atB = b.received("rad75").get(0).envelope();
        String atC = c.received("rad75").get(0).envelope();
        assertTrue(atB.contains("urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet<"), "RAD-75 action");
        assertTrue(atB.contains("studyInstanceUID=\"" + beta.get(0).study() + "\""));
        assertFalse(atB.contains(alpha.get(0).sop()) || atB.contains("1.2.3.404") || atB.contains("1.2.3.5"));
        assertTrue(atC.contains(alpha.get(0).sop()) && !atC.contains(beta.get(0).sop()));
        assertTrue(atB.contains(EXPLICIT_LE) && atC.contains(EXPLICIT_LE), "TransferSyntaxUIDList kept");
        Rig.validateAtPartner(b.received("rad75").get(0), HCID_B);
    }

    @Test
    void anUnavailableCommunityGivesXdsUnavailableCommunityAndThePartnersAnswerStillComes() throws Exception {
        List<Instance> alpha = instances(TestPaths.nistAlphaDir());
        alpha.forEach(i -> c.documents.put(i.sop(), i.file()));
        rig.partner("gw-d", HCID_D, URI.create("https://127.0.0.1:" + GatewayServer.freePort() + "/"),
                Rig.limits(Duration.ofSeconds(5)), OutboundAssertionMode.ISSUE).start();
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getTransferSyntaxIds().add(EXPLICIT_LE);
        add(request, alpha, HCID_C, c.repositoryUniqueId);
        add(request, List.of(new Instance("9.1", "9.1.1", "9.1.1.1", null)), HCID_D, "9.2");

        RetrievedDocumentSet r = rig.retrieve.retrieveImages(request, Requester.SYSTEM);

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(alpha.size(), r.getDocuments().size());
        assertEquals(ErrorCode.UNAVAILABLE_COMMUNITY, r.getErrors().get(0).getErrorCode());
        assertEquals(HCID_D, r.getErrors().get(0).getLocation());
        for (RetrievedDocument d : r.getDocuments()) {
            try (InputStream in = d.getDataHandler().getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void iti43ForAPartnersManifestGoesToItsIti39() throws Exception {
        Path kos = instances(TestPaths.nistAlphaDir()).get(0).file();
        b.documents.put("1.2.3.77", kos);
        rig.start();
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(b.repositoryUniqueId, "1.2.3.77", HCID_B));

        RetrievedDocumentSet r = rig.retrieve.retrieve(request, Requester.SYSTEM);

        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(1, r.getDocuments().size());
        try (InputStream in = r.getDocuments().get(0).getDataHandler().getInputStream()) {
            assertEquals(XdsConsumer.sha256(Files.newInputStream(kos)), XdsConsumer.sha256(in));
        }
        assertTrue(b.received("iti39").get(0).envelope().contains("urn:ihe:iti:2007:CrossGatewayRetrieve<"));
        assertEquals(0, c.received.size());
    }

    /** A partner's fault, a non-SOAP answer or a truncated one: XDSUnavailableCommunity, the breaker told. */
    @ParameterizedTest
    @ValueSource(strings = {"fault", "html", "cut"})
    void aBrokenPartnerAnswerIsAnUnavailableCommunity(String how) throws Exception {
        b.brokenRetrieve = how;
        rig.start();
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getTransferSyntaxIds().add(EXPLICIT_LE);
        add(request, List.of(new Instance("9.1", "9.1.1", "9.1.1.1", null)), HCID_B, b.repositoryUniqueId);

        RetrievedDocumentSet r = rig.retrieve.retrieveImages(request, Requester.SYSTEM);

        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(0, r.getDocuments().size());
        assertEquals(ErrorCode.UNAVAILABLE_COMMUNITY, r.getErrors().get(0).getErrorCode());
        assertEquals(HCID_B, r.getErrors().get(0).getLocation());
        Partner partner = rig.connections.byHomeCommunityId(HCID_B).orElseThrow();
        assertEquals(1, rig.connections.health(partner).consecutiveFailures(), "the failure counts for its health");
    }

    @Test
    void aPartnersRegistryErrorsComeThroughBesideItsDocuments() throws Exception {
        List<Instance> alpha = instances(TestPaths.nistAlphaDir());
        alpha.forEach(i -> c.documents.put(i.sop(), i.file()));
        rig.start();
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getTransferSyntaxIds().add(EXPLICIT_LE);
        add(request, alpha, HCID_C, c.repositoryUniqueId);
        request.getRetrieveStudies().get(0).getRetrieveSerieses().get(0).getDocuments()
                .add(new DocumentReference(c.repositoryUniqueId, "1.2.3.999", HCID_C));

        RetrievedDocumentSet r = rig.retrieve.retrieveImages(request, Requester.SYSTEM);

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(alpha.size(), r.getDocuments().size());
        assertEquals(1, r.getErrors().size());
        assertEquals(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, r.getErrors().get(0).getErrorCode());
        for (RetrievedDocument d : r.getDocuments()) {
            try (InputStream in = d.getDataHandler().getInputStream()) {
                assertEquals(XdsConsumer.sha256(Files.newInputStream(c.documents.get(d.getRequestData()
                        .getDocumentUniqueId()))), XdsConsumer.sha256(in));
            }
        }
    }
}
