// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.Test;
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
 * ITI-39 and RAD-75 at the Responding Gateway over the embedded repository and Imaging Document
 * Source (H2; the database plays no part in these rules): our homeCommunityId is required and
 * echoed, every error is located at it with the document named in its context, and the status
 * follows ITI TF-3 Table 4.2.4.2-4.
 */
class CrossGatewayRetrieveTest extends RespondingGatewayContract {
    static final String OTHER = "urn:oid:1.3.6.1.4.1.21367.2026.9.1";

    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }

    CrossGatewayRetrieve iti39() {
        return new CrossGatewayRetrieve(community());
    }

    CrossGatewayImagingRetrieve rad75() {
        return new CrossGatewayImagingRetrieve(community());
    }

    static RetrieveDocumentSet documents(DocumentReference... refs) {
        RetrieveDocumentSet r = new RetrieveDocumentSet();
        r.getDocuments().addAll(List.of(refs));
        return r;
    }

    static void assertAtHome(List<ErrorInfo> errors) {
        errors.forEach(e -> assertEquals(HOME, e.getLocation(), "location of " + e));
    }

    static byte[] read(RetrievedDocument d) throws Exception {
        try (InputStream in = d.getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void iti39ReturnsTheManifestWithOurHome() throws Exception {
        byte[] content = {9, 8, 7, 6};
        String kos = provideKos(XdsSamples.newPatient(), content).getDocuments().get(0).getDocumentEntry().getUniqueId();
        RetrievedDocumentSet r = iti39().retrieve(documents(new DocumentReference(XdsSamples.REPOSITORY, kos, HOME)),
                CrossGatewayQueryContract.PARTNER_B);
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors " + r.getErrors());
        assertEquals(HOME, r.getDocuments().get(0).getRequestData().getHomeCommunityId());
        assertArrayEquals(content, read(r.getDocuments().get(0)));
    }

    @Test
    void iti39NeedsOurCommunityInEveryRequest() throws Exception {
        String kos = provideKos(XdsSamples.newPatient(), new byte[] {1}).getDocuments().get(0).getDocumentEntry()
                .getUniqueId();
        RetrievedDocumentSet r = iti39().retrieve(documents(
                new DocumentReference(XdsSamples.REPOSITORY, kos, HOME),
                new DocumentReference(XdsSamples.REPOSITORY, kos, null),
                new DocumentReference(XdsSamples.REPOSITORY, kos, OTHER),
                new DocumentReference(XdsSamples.REPOSITORY, "1.2.3.404", HOME),
                new DocumentReference("1.2.3.999", kos, HOME)), null);
        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(1, r.getDocuments().size());
        assertEquals(List.of(ErrorCode.MISSING_HOME_COMMUNITY_ID, ErrorCode.UNKNOWN_COMMUNITY,
                ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, ErrorCode.UNKNOWN_REPOSITORY_ID),
                r.getErrors().stream().map(ErrorInfo::getErrorCode).toList());
        assertAtHome(r.getErrors());
        assertTrue(r.getErrors().get(2).getCodeContext().contains("1.2.3.404"), "the document is named: "
                + r.getErrors().get(2).getCodeContext());

        RetrievedDocumentSet none = iti39().retrieve(documents(new DocumentReference(XdsSamples.REPOSITORY, kos, OTHER)),
                null);
        assertEquals(Status.FAILURE, none.getStatus());
        assertTrue(none.getDocuments().isEmpty());
        assertEquals(ErrorCode.UNKNOWN_COMMUNITY, none.getErrors().get(0).getErrorCode());

        RetrievedDocumentSet empty = iti39().retrieve(documents(), null);
        assertEquals(Status.FAILURE, empty.getStatus());
        assertAtHome(empty.getErrors());
    }

    RetrieveImagingDocumentSet imagingRequest(List<String> syntaxes, DocumentReference... refs) {
        Map<String, InstanceHeader> bySop = alpha.stream().collect(Collectors.toMap(InstanceHeader::sopInstanceUid, h -> h));
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        Map<String, RetrieveStudy> studies = new java.util.LinkedHashMap<>();
        for (DocumentReference ref : refs) {
            InstanceHeader h = bySop.getOrDefault(ref.getDocumentUniqueId(), alpha.get(0)); // unknown SOP: first's series
            RetrieveStudy study = studies.computeIfAbsent(h.studyInstanceUid(), uid -> {
                RetrieveStudy s = new RetrieveStudy();
                s.setStudyInstanceUID(uid);
                return s;
            });
            study.getRetrieveSerieses().add(new RetrieveSeries(h.seriesInstanceUid(), List.of(ref)));
        }
        request.getRetrieveStudies().addAll(studies.values());
        request.getTransferSyntaxIds().addAll(syntaxes);
        return request;
    }

    @Test
    void rad75StreamsTheInstancesWithOurHome() throws Exception {
        DocumentReference[] refs = alpha.stream()
                .map(h -> new DocumentReference(XdsSamples.REPOSITORY, h.sopInstanceUid(), HOME))
                .toArray(DocumentReference[]::new);
        RetrievedDocumentSet r = rad75().retrieve(imagingRequest(List.of(EXPLICIT_LE), refs), null);
        assertEquals(Status.SUCCESS, r.getStatus(), () -> "errors " + r.getErrors());
        assertEquals(alpha.size(), r.getDocuments().size());
        for (RetrievedDocument d : r.getDocuments()) {
            assertEquals(HOME, d.getRequestData().getHomeCommunityId());
            assertEquals("application/dicom", d.getMimeType());
            var original = Files.list(TestPaths.nistAlphaDir()).filter(p -> p.getFileName().toString()
                    .startsWith(d.getRequestData().getDocumentUniqueId() + ".explicitLE")).findFirst().orElseThrow();
            assertArrayEquals(Files.readAllBytes(original), read(d), "the stored file, unchanged");
        }
    }

    @Test
    void rad75StatusRulesAndErrorsAtOurHome() {
        String known = alpha.get(0).sopInstanceUid();
        RetrievedDocumentSet partial = rad75().retrieve(imagingRequest(List.of(EXPLICIT_LE),
                new DocumentReference(XdsSamples.REPOSITORY, known, HOME),
                new DocumentReference(XdsSamples.REPOSITORY, known + ".999", HOME),
                new DocumentReference(XdsSamples.REPOSITORY, known, null),
                new DocumentReference(XdsSamples.REPOSITORY, known, OTHER),
                new DocumentReference("1.2.3.999", known, HOME)), null);
        assertEquals(Status.PARTIAL_SUCCESS, partial.getStatus());
        assertEquals(1, partial.getDocuments().size());
        assertEquals(List.of(ErrorCode.MISSING_HOME_COMMUNITY_ID, ErrorCode.UNKNOWN_COMMUNITY,
                ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, ErrorCode.UNKNOWN_REPOSITORY_ID),
                partial.getErrors().stream().map(ErrorInfo::getErrorCode).toList());
        assertAtHome(partial.getErrors());
        assertTrue(partial.getErrors().get(2).getCodeContext().contains(known + ".999"));

        // no acceptable transfer syntax (JPEG baseline of an uncompressed image): Failure, no document
        RetrievedDocumentSet failure = rad75().retrieve(imagingRequest(List.of("1.2.840.10008.1.2.4.50"),
                new DocumentReference(XdsSamples.REPOSITORY, known, HOME)), null);
        assertEquals(Status.FAILURE, failure.getStatus());
        assertTrue(failure.getDocuments().isEmpty());
        assertEquals(ErrorCode.REPOSITORY_ERROR, failure.getErrors().get(0).getErrorCode());
        assertAtHome(failure.getErrors());
    }
}
