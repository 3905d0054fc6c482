// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import static org.imagingexchange.gateway.xds.registry.XdsSamples.HOME;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.REPOSITORY;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newPatient;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newUid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;

/** ITI-41 / RAD-68 then ITI-43 against the embedded repository and registry. */
abstract class AbstractRepositoryTest extends RepositoryServiceContract {

    @Test
    void provideAndRegisterThenRetrieveGivesTheSameBytes() throws Exception {
        byte[] content = TestContent.bytes(300_000, 1);
        String kosUid = newUid();
        ProvideAndRegisterDocumentSet request = XdsSamples.kosProvideAndRegister(newPatient(), newUid(), kosUid,
                TestContent.of(content));
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        ProvideAndRegisterDocumentSetRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_41);
        assertSuccess(repository.provideAndRegister(request));

        DocumentEntry registered = approvedEntries(request.getSubmissionSet().getPatientId()).get(0);
        assertEquals(kosUid, registered.getUniqueId());
        assertEquals(content.length, registered.getSize());
        assertEquals(TestContent.sha1(content), registered.getHash());
        assertEquals(REPOSITORY, registered.getRepositoryUniqueId());

        RetrievedDocumentSet result = repository.retrieve(retrieveRequest(HOME, REPOSITORY, kosUid));
        assertEquals(Status.SUCCESS, result.getStatus());
        assertTrue(result.getErrors().isEmpty());
        RetrievedDocument document = result.getDocuments().get(0);
        assertInstanceOf(StoredDocumentDataSource.class, document.getDataHandler().getDataSource());
        assertArrayEquals(content, read(document));
        assertArrayEquals(content, read(document), "each read opens the file anew");
        assertEquals("application/dicom", document.getMimeType());
        assertEquals(new DocumentReference(REPOSITORY, kosUid, HOME), document.getRequestData());

        RetrievedDocument withoutHome = repository.retrieve(retrieveRequest(null, REPOSITORY, kosUid)).getDocuments().get(0);
        assertNull(withoutHome.getRequestData().getHomeCommunityId());
        assertArrayEquals(content, Files.readAllBytes(repository.documentFile(kosUid).orElseThrow()));
        assertTrue(repository.documentFile(newUid()).isEmpty());
    }

    @Test
    void unknownDocumentsGiveErrorsAndPartialSuccess() throws Exception {
        String known = provide(TestContent.bytes(1000, 2)).getDocuments().get(0).getDocumentEntry().getUniqueId();
        String unknown = newUid();

        RetrievedDocumentSet partial = repository.retrieve(retrieveRequest(HOME, REPOSITORY, known, unknown));
        assertEquals(Status.PARTIAL_SUCCESS, partial.getStatus());
        assertEquals(1, partial.getDocuments().size());
        assertEquals(known, partial.getDocuments().get(0).getRequestData().getDocumentUniqueId());
        assertError(partial.getErrors(), ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, unknown);

        RetrievedDocumentSet none = repository.retrieve(retrieveRequest(HOME, REPOSITORY, unknown));
        assertEquals(Status.FAILURE, none.getStatus());
        assertTrue(none.getDocuments().isEmpty());
        assertError(none.getErrors(), ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, unknown);

        RetrievedDocumentSet elsewhere = repository.retrieve(retrieveRequest(HOME, "1.2.3.4.5.999", known));
        assertEquals(Status.FAILURE, elsewhere.getStatus());
        assertError(elsewhere.getErrors(), ErrorCode.UNKNOWN_REPOSITORY_ID, known);
    }

    @Test
    void replacementManifestLeavesOneApprovedEntryAndBothDocuments() throws Exception {
        ProvideAndRegisterDocumentSet first = provide(TestContent.bytes(500, 3));
        DocumentEntry old = first.getDocuments().get(0).getDocumentEntry();
        byte[] newContent = TestContent.bytes(600, 4);
        ProvideAndRegisterDocumentSet second = XdsSamples.kosProvideAndRegister(old.getPatientId(),
                old.getReferenceIdList().get(0).getId(), newUid(), TestContent.of(newContent));
        second.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, old.getEntryUuid()));
        assertSuccess(repository.provideAndRegister(second));

        List<DocumentEntry> approved = approvedEntries(old.getPatientId());
        assertEquals(1, approved.size());
        String newUid = second.getDocuments().get(0).getDocumentEntry().getUniqueId();
        assertEquals(newUid, approved.get(0).getUniqueId());
        var both = repository.retrieve(retrieveRequest(HOME, REPOSITORY, old.getUniqueId(), newUid));
        assertEquals(Status.SUCCESS, both.getStatus());
        assertArrayEquals(newContent, read(both.getDocuments().get(1)));
    }

    @Test
    void hashAndSizeGivenBySourceAreVerified() throws Exception {
        byte[] content = TestContent.bytes(700, 5);
        ProvideAndRegisterDocumentSet right = request(content);
        right.getDocuments().get(0).getDocumentEntry().setHash(TestContent.sha1(content).toUpperCase());
        right.getDocuments().get(0).getDocumentEntry().setSize((long) content.length);
        assertSuccess(repository.provideAndRegister(right));
        assertEquals(AvailabilityStatus.APPROVED, approvedEntries(right.getSubmissionSet().getPatientId()).get(0)
                .getAvailabilityStatus());
    }

    private static void assertError(List<ErrorInfo> errors, ErrorCode code, String location) {
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        assertEquals(code, errors.get(0).getErrorCode());
        assertEquals(location, errors.get(0).getLocation());
        assertEquals(Severity.ERROR, errors.get(0).getSeverity());
    }

    static byte[] read(RetrievedDocument document) throws Exception {
        try (InputStream in = document.getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }
}
