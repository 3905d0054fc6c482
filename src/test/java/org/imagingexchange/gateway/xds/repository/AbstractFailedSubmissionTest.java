// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import static org.imagingexchange.gateway.xds.registry.XdsSamples.newUid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/** ITI-41 failures at every stage leave no registry rows, no repository rows and no files. */
abstract class AbstractFailedSubmissionTest extends RepositoryServiceContract {

    @Test
    void registryRefusalDeletesTheStoredFiles() throws Exception {
        expectNothingStored(ErrorCode.REGISTRY_METADATA_ERROR, twoDocuments(TestContent.of(TestContent.bytes(900, 6))),
                r -> r.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE,
                        "urn:uuid:" + UUID.randomUUID())));
    }

    @Test
    void unknownPatientStoresNothing() throws Exception {
        ProvideAndRegisterDocumentSet request = XdsSamples.kosProvideAndRegister(XdsSamples.unknownPatient(), newUid(),
                newUid(), TestContent.of(TestContent.bytes(100, 7)));
        expectNothingStored(ErrorCode.UNKNOWN_PATIENT_ID, request, r -> { });
    }

    @Test
    void wrongSizeHashOrRepositoryIsAMetadataError() throws Exception {
        expectNothingStored(ErrorCode.REPOSITORY_METADATA_ERROR, request(TestContent.bytes(100, 8)),
                r -> entry(r).setSize(99L));
        expectNothingStored(ErrorCode.REPOSITORY_METADATA_ERROR, request(TestContent.bytes(100, 9)),
                r -> entry(r).setHash("0000000000000000000000000000000000000001"));
        expectNothingStored(ErrorCode.REPOSITORY_METADATA_ERROR, request(TestContent.bytes(100, 10)),
                r -> entry(r).setRepositoryUniqueId("1.2.3.4.5.999"));
    }

    @Test
    void documentsOverTheSizeLimitAreRefused() throws Exception {
        expectNothingStored(ErrorCode.REPOSITORY_ERROR, twoDocuments(TestContent.of(TestContent.bytes((int) MAX_SIZE + 1, 11))),
                r -> { });
    }

    @Test
    void brokenUploadDeletesWhatWasAlreadyWritten() throws Exception {
        expectNothingStored(ErrorCode.REPOSITORY_ERROR, twoDocuments(TestContent.failingAfter(200_000)), r -> { });
    }

    @Test
    void invalidMetadataIsRefusedBeforeAnythingIsWritten() throws Exception {
        expectNothingStored(ErrorCode.REPOSITORY_METADATA_ERROR, request(TestContent.bytes(100, 12)),
                r -> entry(r).setMimeType(null));
    }

    private void expectNothingStored(ErrorCode code, ProvideAndRegisterDocumentSet request,
                                     Consumer<ProvideAndRegisterDocumentSet> spoil) throws Exception {
        spoil.accept(request);
        long filesBefore = storedFiles();
        Response response = repository.provideAndRegister(request);
        assertEquals(Status.FAILURE, response.getStatus());
        assertEquals(code, response.getErrors().get(0).getErrorCode(), () -> "errors: " + response.getErrors());
        assertEquals(filesBefore, storedFiles(), "files left behind");
        for (Document document : request.getDocuments()) {
            String uid = document.getDocumentEntry().getUniqueId();
            assertTrue(repository.documentFile(uid).isEmpty(), "repository row left behind");
            GetDocumentsQuery q = new GetDocumentsQuery();
            q.setUniqueIds(List.of(uid));
            var found = registry.query(new QueryRegistry(q, QueryReturnType.OBJECT_REF));
            assertEquals(Status.SUCCESS, found.getStatus());
            assertTrue(found.getReferences().isEmpty(), "registry row left behind");
            assertEquals(Status.FAILURE, repository.retrieve(
                    retrieveRequest(XdsSamples.HOME, XdsSamples.REPOSITORY, uid)).getStatus());
        }
    }

    /** A good first document, then {@code second}: the failure comes after a file was written. */
    private static ProvideAndRegisterDocumentSet twoDocuments(DataHandler second) {
        ProvideAndRegisterDocumentSet request = request(TestContent.bytes(50_000, 13));
        DocumentEntry first = entry(request);
        DocumentEntry other = XdsSamples.kosEntry(first.getPatientId(), newUid(), newUid());
        other.setEntryUuid("Document02");
        request.getDocuments().add(new Document(other, second));
        Association member = new Association(AssociationType.HAS_MEMBER, "Association02", "SubmissionSet01", "Document02");
        member.setLabel(AssociationLabel.ORIGINAL);
        request.getAssociations().add(member);
        return request;
    }

    private static DocumentEntry entry(ProvideAndRegisterDocumentSet request) {
        return request.getDocuments().get(0).getDocumentEntry();
    }
}
