// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.MultipartBody;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.RawSoap;
import org.imagingexchange.gateway.testing.SampleFiles;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsClients;
import org.imagingexchange.gateway.testing.Xml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;

/**
 * RAD-69 Retrieve Imaging Document Set beyond the walkthrough, on a real gateway holding the NIST
 * IIG-DEPT1021 MR study (explicit VR little endian) and one JPEG Lossless CR instance of
 * IIG-DEPT1011, all uploaded by REST so the store holds the original files byte for byte:
 * transfer syntax conversion and its refusal, PartialSuccess, repository and series errors
 * (BRIEF 3.1, 4), the NIST ids_2018-4820 requests replayed raw, and the MTOM/WS-Addressing shape
 * of the answer on the wire (BRIEF 1).
 */
class ImagingRetrieveIT {
    static final String ISSUER = "1.3.6.1.4.1.21367.2026.97.3";
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.97.2";
    static final String COMMUNITY = "urn:oid:1.3.6.1.4.1.21367.2026.97.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String RAD69_ACTION = "urn:ihe:rad:2009:RetrieveImagingDocumentSet";
    static final String SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    static GatewayServer gateway;
    static NistStudy mr;
    static Path jpegFile;
    static InstanceHeader jpeg;
    static Path work;

    /** One DocumentRequest of a RAD-69 request. */
    record Ref(String study, String series, String sop, String repository) {}

    @BeforeAll
    static void startAndStore() throws Exception {
        mr = NistStudy.load();
        assertEquals(36, mr.files.size(), "the NIST study has 36 MR images");
        jpegFile = TestPaths.nistAlphaDir().resolve("alt-ts/1.3.6.1.4.1.21367.201599.3.201606010958036.1.jpegLosslessSV1.dcm");
        jpeg = DicomFiles.readHeader(jpegFile, DicomLimits.defaults());
        assertEquals(JPEG_LOSSLESS_SV1, jpeg.transferSyntaxUid());
        gateway = GatewayServer.start("imaging-retrieve", Map.of(
                "GATEWAY_PATIENT_ID_ISSUER", ISSUER,
                "GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY,
                "GATEWAY_HOME_COMMUNITY_ID", COMMUNITY));
        work = Files.createDirectories(gateway.dataDir().resolveSibling(gateway.dataDir().getFileName() + "-files"));

        // only the JPEG copy of that SOP instance: its explicit VR file has the same SOP Instance UID
        List<Path> files = new ArrayList<>(mr.files);
        files.add(jpegFile);
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/studies"))
                        .header("Content-Type", "application/zip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SampleFiles.zip(files, names))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"stored\":37"), () -> "all 37 instances stored: " + r.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void implicitVrOnlyGivesAConvertedCopyWithTheSamePixels() throws Exception {
        String sop = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(0);
        Path original = fileOf(sop);

        RetrievedDocumentSet r = rad69(List.of(mrRef(sop)), List.of(IMPLICIT_LE));

        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors: " + r.getErrors());
        assertEquals(1, r.getDocuments().size());
        Path received = save(r.getDocuments().get(0), "implicit-" + sop + ".dcm");
        assertEquals(IMPLICIT_LE, Dcmtk.metaTransferSyntax(received), "DCMTK reads the meta header");
        DicomFiles.validateComplete(received, DicomLimits.defaults());
        InstanceHeader h = DicomFiles.readHeader(received, DicomLimits.defaults());
        assertEquals(IMPLICIT_LE, h.transferSyntaxUid());
        assertEquals(sop, h.sopInstanceUid());
        byte[] pixels = Dcmtk.pixelData(received, work);
        assertEquals(256 * 256 * 2, pixels.length);
        assertArrayEquals(Dcmtk.pixelData(original, work), pixels, "same pixel data as the original");
        awaitNoTranscodingFiles();
    }

    @Test
    void jpegInstanceCannotBeGivenAsExplicitVr() {
        RetrievedDocumentSet alone = rad69(List.of(jpegRef(REPOSITORY)), List.of(EXPLICIT_LE));
        assertEquals(Status.FAILURE, alone.getStatus());
        assertEquals(0, alone.getDocuments().size());
        assertOneError(alone, ErrorCode.REPOSITORY_ERROR, jpeg.sopInstanceUid());

        String good = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(1);
        RetrievedDocumentSet both = rad69(List.of(jpegRef(REPOSITORY), mrRef(good)), List.of(EXPLICIT_LE));
        assertEquals(Status.PARTIAL_SUCCESS, both.getStatus(), () -> "errors: " + both.getErrors());
        assertEquals(1, both.getDocuments().size());
        assertEquals(good, both.getDocuments().get(0).getRequestData().getDocumentUniqueId());
        assertOneError(both, ErrorCode.REPOSITORY_ERROR, jpeg.sopInstanceUid());
    }

    @Test
    void jpegInstanceInItsOwnSyntaxIsTheOriginalFile() throws Exception {
        RetrievedDocumentSet r = rad69(List.of(jpegRef(REPOSITORY)), List.of(JPEG_LOSSLESS_SV1, EXPLICIT_LE));
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors: " + r.getErrors());
        assertEquals(1, r.getDocuments().size());
        assertEquals("application/dicom", r.getDocuments().get(0).getMimeType());
        try (InputStream in = r.getDocuments().get(0).getDataHandler().getInputStream()) {
            assertArrayEquals(Files.readAllBytes(jpegFile), in.readAllBytes(), "byte-identical to the file uploaded");
        }
    }

    @Test
    void wrongRepositoryAndWrongSeriesAreErrors() {
        String sop = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(2);
        RetrievedDocumentSet foreign = rad69(List.of(new Ref(NistStudy.STUDY_UID, NistStudy.SERIES_OF_20, sop,
                "1.3.6.1.4.1.21367.2026.97.999")), List.of(EXPLICIT_LE));
        assertEquals(Status.FAILURE, foreign.getStatus());
        assertEquals(0, foreign.getDocuments().size());
        assertOneError(foreign, ErrorCode.UNKNOWN_REPOSITORY_ID, sop);

        String otherSeries = mr.seriesBySop.values().stream().filter(s -> !s.equals(NistStudy.SERIES_OF_20))
                .findFirst().orElseThrow();
        RetrievedDocumentSet misplaced = rad69(List.of(new Ref(NistStudy.STUDY_UID, otherSeries, sop, REPOSITORY)),
                List.of(EXPLICIT_LE));
        assertEquals(Status.FAILURE, misplaced.getStatus());
        assertEquals(0, misplaced.getDocuments().size());
        assertOneError(misplaced, ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, sop);
    }

    @Test
    void nistRequestWithHomeCommunityIdReplayedRaw() throws Exception {
        String sop = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(3);
        Exchange e = replayNist("nist-rad69-ids-with-homecommunityid-request.xml", sop);
        assertRetrieved(e, sop, fileOf(sop));
        assertEquals(List.of(COMMUNITY), e.root().texts("//xds:DocumentResponse/xds:HomeCommunityId"),
                "HomeCommunityId echoed");
    }

    @Test
    void nistRequestWithoutHomeCommunityIdReplayedRaw() throws Exception {
        String sop = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(4);
        Exchange e = replayNist("nist-rad69-ids-without-homecommunityid-request.xml", sop);
        assertRetrieved(e, sop, fileOf(sop));
        assertEquals(0, e.root().count("//xds:DocumentResponse/xds:HomeCommunityId"), "no HomeCommunityId when none was sent");
    }

    @Test
    void answerOnTheWireIsMtomWithIheAddressing() throws Exception {
        String sop = mr.sopsOfSeries(NistStudy.SERIES_OF_20).get(5);
        Exchange e = replayNist("nist-rad69-ids-with-homecommunityid-request.xml", sop);

        assertTrue(e.answer().contentType().toLowerCase().startsWith("multipart/related"), e.answer()::toString);
        assertEquals("application/xop+xml", e.mtom().parameter("type"));
        assertEquals("application/soap+xml", e.mtom().parameter("start-info"));
        String rootType = e.mtom().root().header("content-type");
        assertTrue(rootType.startsWith("application/xop+xml"), rootType);
        assertTrue(rootType.replace(" ", "").contains("type=\"application/soap+xml\""), rootType);

        Xml root = e.root();
        assertEquals("urn:ihe:iti:2007:RetrieveDocumentSetResponse", root.text("/soap:Envelope/soap:Header/wsa:Action"));
        assertTrue(Set.of("1", "true").contains(root.text("/soap:Envelope/soap:Header/wsa:Action/@soap:mustUnderstand")),
                "wsa:Action carries mustUnderstand (IHE-WSA101)");
        assertEquals(e.messageId(), root.text("/soap:Envelope/soap:Header/wsa:RelatesTo"));
        assertFalse(root.text("/soap:Envelope/soap:Header/wsa:MessageID").isBlank());
        assertNotEquals(e.messageId(), root.text("/soap:Envelope/soap:Header/wsa:MessageID"));
    }

    /** One raw exchange: the request's MessageID, the HTTP answer, its MTOM package and root envelope. */
    record Exchange(String messageId, RawSoap.Answer answer, MultipartBody mtom, Xml root) {}

    /**
     * Sends a NIST ids_2018-4820 RAD-69 body as an MTOM SOAP request, with its UIDs, repository and
     * community replaced by what this test stored and left otherwise as NIST wrote it.
     */
    static Exchange replayNist(String sample, String sop) throws Exception {
        String body = RawSoap.withoutXmlDeclaration(Files.readString(TestPaths.iheSample(sample)));
        String adapted = replaceAll(body, "(studyInstanceUID=\")[^\"]+(\")", NistStudy.STUDY_UID);
        adapted = replaceAll(adapted, "(seriesInstanceUID=\")[^\"]+(\")", NistStudy.SERIES_OF_20);
        adapted = replaceAll(adapted, "(<xdsb:RepositoryUniqueId>)[^<]+(</)", REPOSITORY);
        adapted = replaceAll(adapted, "(<xdsb:DocumentUniqueId>)[^<]+(</)", sop);
        if (adapted.contains("HomeCommunityId>")) {
            adapted = replaceAll(adapted, "(<xdsb:HomeCommunityId>)[^<]+(</)", COMMUNITY);
        }
        String url = gateway.soapUrl("xds/rad69");
        String messageId = RawSoap.newMessageId();
        RawSoap.Answer a = RawSoap.post(url, RawSoap.envelope(RawSoap.addressing(RAD69_ACTION, messageId, url), adapted),
                true);
        assertEquals(200, a.status(), a::toString);
        MultipartBody mtom = a.multipart();
        return new Exchange(messageId, a, mtom, Xml.parse(mtom.root().content()));
    }

    /** Replaces group-delimited values; fails when the sample has no such value (the structure changed). */
    static String replaceAll(String xml, String regex, String value) {
        Matcher m = java.util.regex.Pattern.compile(regex).matcher(xml);
        assertTrue(m.find(), () -> "the NIST sample has " + regex);
        return m.replaceAll("$1" + Matcher.quoteReplacement(value) + "$2");
    }

    static void assertRetrieved(Exchange e, String sop, Path original) throws Exception {
        Xml root = e.root();
        assertEquals(SUCCESS, root.text("//rs:RegistryResponse/@status"), e.answer()::toString);
        assertEquals(0, root.count("//rs:RegistryError"), e.answer()::toString);
        assertEquals(1, root.count("//xds:DocumentResponse"), e.answer()::toString);
        assertEquals(REPOSITORY, root.text("//xds:DocumentResponse/xds:RepositoryUniqueId"));
        assertEquals(sop, root.text("//xds:DocumentResponse/xds:DocumentUniqueId"));
        assertEquals("application/dicom", root.text("//xds:DocumentResponse/xds:mimeType"));
        String href = root.text("//xds:DocumentResponse/xds:Document/*[local-name()='Include']/@href");
        assertTrue(href.startsWith("cid:"), () -> "the document is an xop:Include: " + e.answer());
        MultipartBody.Part part = e.mtom().byCid(href);
        assertTrue(part.header("content-type").startsWith("application/dicom"), part.headers()::toString);
        assertArrayEquals(Files.readAllBytes(original), part.content(), "the MTOM part is the original file");
        assertEquals(2, e.mtom().parts().size(), "root part and one attachment");
    }

    static void assertOneError(RetrievedDocumentSet r, ErrorCode code, String location) {
        assertEquals(1, r.getErrors().size(), () -> "errors: " + r.getErrors());
        ErrorInfo error = r.getErrors().get(0);
        assertEquals(code, error.getErrorCode(), error::toString);
        assertEquals(location, error.getLocation(), error::toString);
    }

    static Ref mrRef(String sop) {
        return new Ref(NistStudy.STUDY_UID, mr.seriesBySop.get(sop), sop, REPOSITORY);
    }

    static Ref jpegRef(String repository) {
        return new Ref(jpeg.studyInstanceUid(), jpeg.seriesInstanceUid(), jpeg.sopInstanceUid(), repository);
    }

    static Path fileOf(String sop) throws Exception {
        for (Path p : mr.files) {
            if (DicomFiles.readHeader(p, DicomLimits.defaults()).sopInstanceUid().equals(sop)) {
                return p;
            }
        }
        throw new AssertionError("no file of " + sop);
    }

    static Path save(RetrievedDocument d, String name) throws Exception {
        Path target = work.resolve(name);
        try (InputStream in = d.getDataHandler().getInputStream()) {
            Files.copy(in, target);
        }
        return target;
    }

    /** The transcoding spool files are deleted once the answer is written; polls briefly for that. */
    static void awaitNoTranscodingFiles() throws Exception {
        Path spool = gateway.dataDir().resolve("spool");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<Path> left;
        do {
            try (Stream<Path> s = Files.list(spool)) {
                left = s.filter(p -> p.getFileName().toString().matches("(ts|src)-.*\\.dcm")).toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("transcoding spool files left behind: " + left);
    }

    /** RAD-69 through the CXF client (IPF model), grouping the references by study and series. */
    static RetrievedDocumentSet rad69(List<Ref> refs, List<String> syntaxes) {
        Map<String, Map<String, List<DocumentReference>>> tree = new LinkedHashMap<>();
        for (Ref r : refs) {
            tree.computeIfAbsent(r.study(), k -> new LinkedHashMap<>()).computeIfAbsent(r.series(), k -> new ArrayList<>())
                    .add(new DocumentReference(r.repository(), r.sop(), null));
        }
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        tree.forEach((studyUid, series) -> {
            RetrieveStudy study = new RetrieveStudy();
            study.setStudyInstanceUID(studyUid);
            series.forEach((seriesUid, docs) -> study.getRetrieveSerieses().add(new RetrieveSeries(seriesUid, docs)));
            request.getRetrieveStudies().add(study);
        });
        request.getTransferSyntaxIds().addAll(syntaxes);
        var raw = XdsClients.rad69(gateway.soapUrl("xds/rad69")).documentRepositoryRetrieveImagingDocumentSet(
                new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal());
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
    }
}
