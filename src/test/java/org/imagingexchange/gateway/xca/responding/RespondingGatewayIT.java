// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.ws.WebServiceException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.stream.StreamSource;
import org.apache.cxf.binding.soap.SoapFault;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.KosManifest;
import org.imagingexchange.gateway.dicom.KosReader;
import org.imagingexchange.gateway.security.pki.CertificateAuthority;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.pki.Pem;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.SampleFiles;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
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
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;

/**
 * The responding gateway on a real Liberty server, as a partner community sees it: mutual TLS
 * with lab PKI node certificates, a partner file naming partner B (TLS identity and SAML issuer),
 * the NIST IIG-DEPT1021 study sent by storescu (and the small Alpha / Gamma studies by REST), and
 * a cross-reference from B's patient id to the local id made through the REST API. Then real
 * SOAP with signed assertions: ITI-38 with B's id finds the KOS (home = ours, B's id in it),
 * ITI-39 returns the KOS, RAD-75 returns a series byte-identical to what was sent; no assertion
 * or a resource-id of another patient is a SOAP fault; an unlinked patient an empty Success. The
 * NIST rig_* RAD-75 requests run with their ids adapted to what this gateway holds.
 *
 * <p>A second gateway, {@code front}, is the same community's gateway in front of existing XDS-I.b
 * actors: its registry, repository and Imaging Document Source are the first gateway's, called
 * by ITI-18 / ITI-43 / RAD-69 over mutual TLS with its own node certificate
 * (GATEWAY_REGISTRY_URL, GATEWAY_REPOSITORY_URL, GATEWAY_IMAGING_SOURCE_URL); partner B's
 * ITI-38 / ITI-39 / RAD-75 and the NIST requests sent to it get the same answers.
 */
class RespondingGatewayIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.97.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.97.2";
    static final String OUR_HCID = "urn:oid:1.3.6.1.4.1.21367.2026.97.1";
    static final String B_HCID = "urn:oid:1.3.6.1.4.1.21367.2026.96.1";
    static final String B_AUTHORITY = "1.3.6.1.4.1.21367.2026.96.3";
    static final String B_ISSUER = "https://idp.partner-b.example/sts";
    static final String B_PATIENT = "B-1021";
    static final String B_PATIENT_CX = B_PATIENT + "^^^&" + B_AUTHORITY + "&ISO";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    static Path root;
    static CertificateAuthority ca;
    static GatewayServer gateway;
    static GatewayServer front;
    static PartnerClient partnerBViaFront;
    static NistStudy study;
    static Map<String, String> datasetAsSent;
    static List<InstanceHeader> alpha = new ArrayList<>();
    static InstanceHeader gammaJpeg;
    static Map<String, Path> originals = new HashMap<>();
    static PartnerClient partnerB;
    static XdsConsumer localConsumer;
    static DocumentEntry kos;

    @BeforeAll
    static void start() throws Exception {
        root = TestPaths.projectDir().resolve("target/it/responding-pki-" + System.nanoTime());
        LabPki pki = new LabPki(root);
        ca = pki.init(LabPki.DEFAULT_CA, KeyType.RSA_3072, Duration.ofDays(3650), Duration.ofDays(30));
        CommunityFiles node = pki.community(LabPki.CommunityRequest.of("rg-under-test", OUR_HCID));
        CommunityFiles partner = pki.community(LabPki.CommunityRequest.of("partner-b", B_HCID));
        Path partners = writePartnerFile(partner);

        int httpsPort = GatewayServer.freePort();
        Map<String, String> settings = new HashMap<>(node.readEnv());
        settings.putAll(Map.of(
                "GATEWAY_HTTPS_PORT", Integer.toString(httpsPort),
                "GATEWAY_START_TIMEOUT", "600",
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", OUR_HCID,
                "GATEWAY_MANIFEST_STABLE_SECONDS", "2",
                "GATEWAY_PARTNERS_FILE", partners.toString()));
        study = NistStudy.load();
        gateway = GatewayServer.start("responding", settings);
        datasetAsSent = study.datasetSha256AsSentByStorescu(gateway.dataDir());
        study.storescu(gateway.aeTitle(), gateway.dicomPort());
        uploadAlphaAndGamma();
        localConsumer = new XdsConsumer(gateway, ISSUER, REPOSITORY);
        kos = localConsumer.awaitManifest(NistStudy.PATIENT_ID, Duration.ofSeconds(90));

        HttpResponse<String> put = put("/api/patients/" + NistStudy.PATIENT_ID + "/cross-references/" + B_HCID,
                "{\"patientId\":\"" + B_PATIENT + "\",\"assigningAuthority\":\"" + B_AUTHORITY + "\"}");
        assertEquals(201, put.statusCode(), put.body());
        partnerB = new PartnerClient(partner, ca.certificate(), B_ISSUER, B_HCID, OUR_HCID,
                "https://localhost:" + httpsPort);
        startFront(pki, partners, "https://localhost:" + httpsPort + "/services/xds/");
        partnerBViaFront = new PartnerClient(partner, ca.certificate(), B_ISSUER, B_HCID, OUR_HCID,
                front.httpsBase());
    }

    /** The community's gateway in front of the first gateway's registry, repository and Imaging Document Source. */
    static void startFront(LabPki pki, Path partners, String actors) throws Exception {
        CommunityFiles node = pki.community(LabPki.CommunityRequest.of("rg-front", OUR_HCID));
        Map<String, String> settings = new HashMap<>(node.readEnv());
        settings.putAll(Map.of(
                "GATEWAY_START_TIMEOUT", "600",
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_HOME_COMMUNITY_ID", OUR_HCID,
                "GATEWAY_PARTNERS_FILE", partners.toString(),
                "GATEWAY_REGISTRY_URL", actors + "iti18",
                "GATEWAY_REPOSITORY_URL", actors + "iti43",
                "GATEWAY_IMAGING_SOURCE_URL", actors + "rad69"));
        front = GatewayServer.start("responding-front", settings);
        HttpResponse<String> put = send(front, "PUT", "/api/patients/" + NistStudy.PATIENT_ID + "/cross-references/"
                + B_HCID, "{\"patientId\":\"" + B_PATIENT + "\",\"assigningAuthority\":\"" + B_AUTHORITY + "\"}");
        assertEquals(201, put.statusCode(), put.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Partner B: its node certificate's subject, its SAML issuer and signing certificate; any purpose and role. */
    static Path writePartnerFile(CommunityFiles partner) throws Exception {
        char[] tlsPassword = partner.readPasswords().get("keystore.password").toCharArray();
        X509Certificate tls = (X509Certificate) KeyStores.read(partner.keyStore(), tlsPassword).getCertificate("tls");
        char[] samlPassword = partner.readPasswords().get("saml-signing.password").toCharArray();
        X509Certificate saml = (X509Certificate) KeyStores.read(partner.samlKeyStore(), samlPassword)
                .getCertificate("saml");
        Path dir = Files.createDirectories(root.resolve("partners"));
        Pem.writePublic(dir.resolve("partner-b-idp.pem"), saml);
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, """
                partners:
                  - name: partner-b
                    homeCommunityId: %s
                    tls:
                      - subjectDn: "%s"
                    samlIssuers:
                      - entityId: %s
                        signingCertificates: [partner-b-idp.pem]
                    purposesOfUse: any
                    roles: any
                """.formatted(B_HCID, tls.getSubjectX500Principal().getName(), B_ISSUER));
        return file;
    }

    /** The two Alpha images (two studies) and the Gamma image in JPEG Lossless SV1, by REST. */
    static void uploadAlphaAndGamma() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(TestPaths.nistAlphaDir())) {
            s.filter(p -> p.toString().endsWith(".explicitLE.dcm")).sorted().forEach(files::add);
        }
        Path gamma = TestPaths.sharedDicom("nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1031_Gamma/alt-ts/"
                + "1.3.6.1.4.1.21367.201599.3.201606010958048.1.jpegLosslessSV1.dcm");
        for (Path p : files) {
            InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
            alpha.add(h);
            originals.put(h.sopInstanceUid(), p);
        }
        gammaJpeg = DicomFiles.readHeader(gamma, DicomLimits.defaults());
        originals.put(gammaJpeg.sopInstanceUid(), gamma);
        files.add(gamma);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/studies"))
                        .header("Content-Type", "application/zip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SampleFiles.zip(files,
                                files.stream().map(p -> p.getFileName().toString()).toList()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"stored\":3"), r.body());
    }

    static HttpResponse<String> put(String path, String json) throws Exception {
        return send(gateway, "PUT", path, json);
    }

    static HttpResponse<String> send(GatewayServer to, String method, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(to.httpBase() + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.httpBase() + path))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest findDocuments(String cx) {
        String[] parts = cx.split("\\^\\^\\^&|&ISO");
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable(parts[0], new AssigningAuthority(parts[1], "ISO")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry query = new QueryRegistry(q);
        query.setReturnType(QueryReturnType.LEAF_CLASS);
        return new QueryRegistryTransformer().toEbXML(query).getInternal();
    }

    static RetrievedDocumentSet model(RetrieveDocumentSetResponseType raw) {
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
    }

    @Test
    void iti38WithThePartnersIdFindsTheKosAtOurHome() throws Exception {
        assertIti38FindsTheKos(partnerB, gateway);
    }

    @Test
    void throughExternalActorsIti38FindsTheKosInTheCommunityRegistry() throws Exception {
        assertIti38FindsTheKos(partnerBViaFront, front);
        String log = Files.readString(front.messagesLog());
        assertTrue(log.contains("XDS-COMMUNITY ITI-18 status=SUCCESS"), "the front asked the community's registry");
    }

    static void assertIti38FindsTheKos(PartnerClient partnerB, GatewayServer gateway) throws Exception {
        AdhocQueryResponse raw = partnerB.iti38(partnerB.assertion(B_PATIENT_CX))
                .documentRegistryRegistryStoredQuery(findDocuments(B_PATIENT_CX));
        assertEquals(SUCCESS, raw.getStatus());
        assertFalse(raw.getRegistryObjectList().getIdentifiable().isEmpty());
        for (JAXBElement<? extends IdentifiableType> e : raw.getRegistryObjectList().getIdentifiable()) {
            assertEquals(OUR_HCID, e.getValue().getHome(), e.getValue().getClass().getSimpleName() + " has home");
        }
        QueryResponse r = new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(raw));
        assertEquals(1, r.getDocumentEntries().size());
        DocumentEntry entry = r.getDocumentEntries().get(0);
        assertEquals(kos.getUniqueId(), entry.getUniqueId());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.59", entry.getFormatCode().getCode());
        assertEquals(REPOSITORY, entry.getRepositoryUniqueId());
        assertEquals(B_PATIENT, entry.getPatientId().getId(), "partner B sees its own patient id");
        assertEquals(B_AUTHORITY, entry.getPatientId().getAssigningAuthority().getUniversalId());

        String log = Files.readString(gateway.messagesLog());
        assertTrue(log.contains("ITI-38 partner=" + B_HCID), "one line per request, with the partner");
        assertFalse(log.contains("Beta^"), "no patient name in the log");
    }

    @Test
    void servedTransactionsAreAuditedWithThePartner() throws Exception {
        partnerB.iti38(partnerB.assertion(B_PATIENT_CX)).documentRegistryRegistryStoredQuery(findDocuments(B_PATIENT_CX));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        HttpResponse<String> r;
        do {
            Thread.sleep(500);
            r = gateway.get("/api/audit?event=ITI-38&partner=" + java.net.URLEncoder.encode(B_HCID,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
        } while (!r.body().contains("\"ITI-38\"") && java.time.Instant.now().isBefore(deadline));
        assertTrue(r.body().contains("\"ITI-38\"") && r.body().contains("110112"), "an ITI-38 Query record: " + r.body());
    }

    @Test
    void iti39ReturnsTheKos() throws Exception {
        assertIti39ReturnsTheKos(partnerB, "kos-by-iti39.dcm");
    }

    @Test
    void throughExternalActorsIti39ReturnsTheKosOfTheCommunityRepository() throws Exception {
        assertIti39ReturnsTheKos(partnerBViaFront, "kos-by-iti39-via-front.dcm");
        assertTrue(Files.readString(front.messagesLog()).contains("XDS-COMMUNITY ITI-43 status=SUCCESS documents=1"));
    }

    static void assertIti39ReturnsTheKos(PartnerClient partnerB, String copy) throws Exception {
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(REPOSITORY, kos.getUniqueId(), OUR_HCID));
        RetrievedDocumentSet r = model(partnerB.iti39(partnerB.assertion(null)).documentRepositoryRetrieveDocumentSet(
                new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal()));
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors " + r.getErrors());
        assertEquals(1, r.getDocuments().size());
        RetrievedDocument d = r.getDocuments().get(0);
        assertEquals(OUR_HCID, d.getRequestData().getHomeCommunityId(), "homeCommunityId echoed");
        Path file = gateway.dataDir().resolve(copy);
        try (InputStream in = d.getDataHandler().getInputStream()) {
            Files.copy(in, file);
        }
        KosManifest manifest = KosReader.read(file);
        TreeSet<String> listed = new TreeSet<>();
        manifest.instances().forEach(i -> listed.add(i.sopInstanceUid()));
        assertEquals(new TreeSet<>(study.sha256BySop.keySet()), listed, "the KOS lists the 36 instances");
    }

    @Test
    void rad75ReturnsASeriesByteIdentical() throws Exception {
        assertRad75ReturnsTheSeries(partnerB);
    }

    @Test
    void throughExternalActorsRad75StreamsTheSeriesFromTheCommunityImagingSource() throws Exception {
        assertRad75ReturnsTheSeries(partnerBViaFront);
        assertTrue(Files.readString(front.messagesLog()).contains("XDS-COMMUNITY RAD-69 status=SUCCESS documents=20"));
    }

    static void assertRad75ReturnsTheSeries(PartnerClient partnerB) throws Exception {
        List<String> series20 = study.sopsOfSeries(NistStudy.SERIES_OF_20);
        assertEquals(20, series20.size());
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        RetrieveStudy s = new RetrieveStudy();
        s.setStudyInstanceUID(NistStudy.STUDY_UID);
        s.getRetrieveSerieses().add(new RetrieveSeries(NistStudy.SERIES_OF_20,
                series20.stream().map(sop -> new DocumentReference(REPOSITORY, sop, OUR_HCID)).toList()));
        request.getRetrieveStudies().add(s);
        request.getTransferSyntaxIds().add(EXPLICIT_LE);
        RetrievedDocumentSet r = model(partnerB.rad75(partnerB.assertion(null))
                .documentRepositoryRetrieveImagingDocumentSet(
                        new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal()));
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors " + r.getErrors());
        Map<String, String> received = new TreeMap<>();
        for (RetrievedDocument d : r.getDocuments()) {
            assertEquals(OUR_HCID, d.getRequestData().getHomeCommunityId());
            assertEquals("application/dicom", d.getMimeType());
            try (InputStream in = d.getDataHandler().getInputStream()) {
                received.put(d.getRequestData().getDocumentUniqueId(), NistStudy.datasetSha256(in));
            }
        }
        assertEquals(new TreeSet<>(series20), received.keySet());
        received.forEach((sop, sha) -> assertEquals(datasetAsSent.get(sop), sha, "data set of " + sop + " as sent"));
    }

    @Test
    void withoutAnAssertionOrForAnotherPatientNothingIsReturned() throws Exception {
        assertSecurityFault(assertThrows(WebServiceException.class,
                () -> partnerB.iti38(null).documentRegistryRegistryStoredQuery(findDocuments(B_PATIENT_CX))));
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(REPOSITORY, kos.getUniqueId(), OUR_HCID));
        assertSecurityFault(assertThrows(WebServiceException.class, () -> partnerB.iti39(null)
                .documentRepositoryRetrieveDocumentSet(
                        new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal())));
        // the resource-id and the query's patient are both in B's id domain: another patient is refused
        assertSecurityFault(assertThrows(WebServiceException.class, () -> partnerB.iti38(partnerB.assertion(
                "B-9999^^^&" + B_AUTHORITY + "&ISO")).documentRegistryRegistryStoredQuery(findDocuments(B_PATIENT_CX))));
    }

    /**
     * A SOAP 1.2 Sender fault with a WS-Security subcode and a generic reason (the client has no
     * SAAJ, so CXF hands it over as the SoapFault cause of a WebServiceException).
     */
    static void assertSecurityFault(WebServiceException e) {
        SoapFault fault = assertInstanceOf(SoapFault.class, e.getCause(), () -> "a SOAP fault: " + e);
        assertEquals("Sender", fault.getFaultCode().getLocalPart(), fault::toString);
        assertEquals("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
                fault.getSubCode().getNamespaceURI(), fault::toString);
        assertFalse(fault.getMessage().contains(NistStudy.PATIENT_ID), "nothing about the patient");
    }

    @Test
    void unlinkedPatientIsAnEmptySuccess() throws Exception {
        String unknown = "B-UNLINKED^^^&" + B_AUTHORITY + "&ISO";
        AdhocQueryResponse raw = partnerB.iti38(partnerB.assertion(unknown))
                .documentRegistryRegistryStoredQuery(findDocuments(unknown));
        assertEquals(SUCCESS, raw.getStatus());
        assertTrue(raw.getRegistryObjectList() == null || raw.getRegistryObjectList().getIdentifiable().isEmpty());
        assertTrue(raw.getRegistryErrorList() == null || raw.getRegistryErrorList().getRegistryError().isEmpty(),
                "never XDSUnknownPatientId");
    }

    @Test
    void crossReferenceApiAnswersWithProblems() throws Exception {
        String base = "/api/patients/" + NistStudy.PATIENT_ID + "/cross-references";
        HttpResponse<String> list = gateway.get(base);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"patientId\":\"" + B_PATIENT + "\"") && list.body().contains(B_HCID),
                list.body());
        HttpResponse<String> bad = put(base + "/" + B_HCID, "{\"patientId\":\"x\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(bad.body().contains("assigningAuthority"), bad.body());
        assertEquals(400, put(base + "/" + B_HCID, "not json").statusCode());
        assertEquals(400, put(base + "/1.2.3", "{\"patientId\":\"x\",\"assigningAuthority\":\"1.2.3\"}").statusCode(),
                "homeCommunityId without urn:oid:");
        assertEquals(201, put("/api/patients/NO-IMAGES-YET/cross-references/" + B_HCID,
                "{\"patientId\":\"x\",\"assigningAuthority\":\"1.2.3\"}").statusCode(),
                "a local patient without images here can be linked (an arriving transfer)");
        assertEquals(204, delete("/api/patients/NO-IMAGES-YET/cross-references/" + B_HCID).statusCode());
        String other = "urn:oid:1.3.6.1.4.1.21367.2026.95.1";
        assertEquals(409, put("/api/patients/IIG-DEPT1011/cross-references/" + B_HCID,
                "{\"patientId\":\"" + B_PATIENT + "\",\"assigningAuthority\":\"" + B_AUTHORITY + "\"}").statusCode(),
                "B's id is already IIG-DEPT1021's");
        assertEquals(201, put(base + "/" + other, "{\"patientId\":\"C-1\",\"assigningAuthority\":\"1.2.3\"}").statusCode());
        assertEquals(204, delete(base + "/" + other).statusCode());
        assertEquals(404, delete(base + "/" + other).statusCode());
    }

    /** What each NIST rig_* readme expects, for the request with its ids mapped to what this gateway holds. */
    record Expected(Status status, int documents, List<ErrorCode> errors) {}

    @Test
    void nistRespondingImagingGatewayRequests() throws Exception {
        assertNistRigRequests(partnerB);
    }

    /** The community's Imaging Document Source's own errors come through the front, located at our community. */
    @Test
    void throughExternalActorsTheNistRequestsGetTheSameAnswers() throws Exception {
        assertNistRigRequests(partnerBViaFront);
    }

    static void assertNistRigRequests(PartnerClient partnerB) throws Exception {
        Map<String, Expected> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("rig_5420", new Expected(Status.SUCCESS, 1, List.of())),
                Map.entry("rig_5421", new Expected(Status.SUCCESS, 2, List.of())),
                Map.entry("rig_5422", new Expected(Status.SUCCESS, 1, List.of())),
                Map.entry("rig_5423", new Expected(Status.SUCCESS, 1, List.of())),
                Map.entry("rig_5424", new Expected(Status.FAILURE, 0, List.of(ErrorCode.REPOSITORY_ERROR))),
                Map.entry("rig_5425", new Expected(Status.FAILURE, 0, List.of(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR))),
                Map.entry("rig_5426", new Expected(Status.FAILURE, 0, List.of(ErrorCode.UNKNOWN_REPOSITORY_ID))),
                Map.entry("rig_5427", new Expected(Status.PARTIAL_SUCCESS, 1, List.of(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR))),
                Map.entry("rig_5428", new Expected(Status.SUCCESS, 5, List.of())),
                Map.entry("rig_5429", new Expected(Status.SUCCESS, 2, List.of())),
                Map.entry("rig_5430", new Expected(Status.PARTIAL_SUCCESS, 1, List.of(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR)))));
        Path dir = TestPaths.sharedDicom("nist-iheos-toolkit2/xca-i/requests");
        try (var files = Files.list(dir)) {
            assertEquals(expected.keySet(), new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("rig_") && n.endsWith("_RAD-75Request.xml"))
                    .map(n -> n.substring(0, "rig_5420".length())).toList()), "every rig sample has an expectation");
        }
        JAXBContext jaxb = JAXBContext.newInstance(RetrieveImagingDocumentSetRequestType.class);
        for (var e : expected.entrySet()) {
            String xml = adapt(e.getKey(), Files.readString(dir.resolve(e.getKey() + "_RAD-75Request.xml")));
            RetrieveImagingDocumentSetRequestType body = jaxb.createUnmarshaller().unmarshal(
                    new StreamSource(new StringReader(xml)), RetrieveImagingDocumentSetRequestType.class).getValue();
            RetrievedDocumentSet r = model(partnerB.rad75(partnerB.assertion(null))
                    .documentRepositoryRetrieveImagingDocumentSet(body));
            String sample = e.getKey();
            Expected x = e.getValue();
            assertEquals(x.status(), r.getStatus(), () -> sample + ": " + r.getErrors());
            assertEquals(x.documents(), r.getDocuments().size(), sample);
            assertEquals(x.errors(), r.getErrors().stream().map(ErrorInfo::getErrorCode).toList(), sample);
            r.getErrors().forEach(err -> assertEquals(OUR_HCID, err.getLocation(), sample + " error location"));
            for (RetrievedDocument d : r.getDocuments()) {
                assertEquals(OUR_HCID, d.getRequestData().getHomeCommunityId(), sample);
                String sop = d.getRequestData().getDocumentUniqueId();
                try (InputStream in = d.getDataHandler().getInputStream()) {
                    assertEquals(expectedDatasetSha256(sop), NistStudy.datasetSha256(in), sample + " " + sop);
                }
            }
        }
    }

    static String expectedDatasetSha256(String sop) throws Exception {
        if (datasetAsSent.containsKey(sop)) {
            return datasetAsSent.get(sop);
        }
        return NistStudy.datasetSha256(new ByteArrayInputStream(Files.readAllBytes(originals.get(sop))));
    }

    private static final Pattern UID_VALUE = Pattern.compile("(?<=[>\"])([0-9][0-9.]*)(?=[<\"])");

    /**
     * The NIST sample with its community, repositories and UIDs replaced by ours: NIST's IDS E and
     * F become our one Imaging Document Source; its images become ours (the Beta series of 20,
     * the two Alpha studies, and for the transfer syntax cases 5422-5424 the Gamma image stored
     * in JPEG Lossless); a UID NIST made unknown with ".999" stays unknown.
     */
    static String adapt(String sample, String xml) {
        List<String> beta = study.sopsOfSeries(NistStudy.SERIES_OF_20).stream().sorted().toList();
        InstanceHeader a0 = alpha.get(0);
        InstanceHeader a1 = alpha.get(1);
        boolean jpeg = List.of("rig_5422", "rig_5423", "rig_5424").contains(sample);
        Map<String, String> map = new HashMap<>();
        map.put("1.3.6.1.4.1.21367.13.71.201.1", REPOSITORY);
        map.put("1.3.6.1.4.1.21367.13.71.201.2", REPOSITORY);
        String nist = "1.3.6.1.4.1.21367.201599.";
        map.put(nist + "1.201606021454002", jpeg ? gammaJpeg.studyInstanceUid() : NistStudy.STUDY_UID);
        map.put(nist + "2.201606021454003", jpeg ? gammaJpeg.seriesInstanceUid() : NistStudy.SERIES_OF_20);
        map.put(nist + "3.201606021454003.1", jpeg ? gammaJpeg.sopInstanceUid() : beta.get(0));
        map.put(nist + "1.201606021454006", a0.studyInstanceUid());
        map.put(nist + "2.201606021454007", a0.seriesInstanceUid());
        map.put(nist + "3.201606021454007.1", a0.sopInstanceUid());
        map.put(nist + "1.201606061008030", NistStudy.STUDY_UID);
        map.put(nist + "2.201606061008031", NistStudy.SERIES_OF_20);
        for (int i = 1; i <= 5; i++) {
            map.put(nist + "3.201606061008031." + i, beta.get(i - 1));
        }
        map.put(nist + "1.201607011605055", a0.studyInstanceUid());
        map.put(nist + "2.201607011605056", a0.seriesInstanceUid());
        map.put(nist + "3.201607011605056.1", a0.sopInstanceUid());
        map.put(nist + "1.201607011606000", a1.studyInstanceUid());
        map.put(nist + "2.201607011606000", a1.seriesInstanceUid());
        map.put(nist + "3.201607011606000.1", a1.sopInstanceUid());
        String withCommunity = xml.replace("urn:oid:1.3.6.1.4.1.21367.13.70.201", OUR_HCID);
        Matcher m = UID_VALUE.matcher(withCommunity);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String uid = m.group(1);
            String mapped = map.get(uid);
            if (mapped == null && uid.endsWith(".999")) {
                String known = map.get(uid.substring(0, uid.length() - 4));
                mapped = known == null ? null : known + ".999";
            }
            if (mapped == null && !uid.startsWith("1.2.840.10008.")) {
                throw new AssertionError(sample + ": no mapping for NIST UID " + uid);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(mapped == null ? uid : mapped));
        }
        m.appendTail(out);
        return out.toString();
    }
}
