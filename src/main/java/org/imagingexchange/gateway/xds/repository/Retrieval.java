// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import jakarta.activation.DataHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.soap.BlockCopyDataHandler;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * ITI-43 Retrieve Document Set at the Document Repository (ITI TF-2b 3.43.4.1.3, 3.43.5): one
 * DocumentResponse per document found, streaming from its file; HomeCommunityId echoed as
 * requested (absent if absent). A document that cannot be returned yields a RegistryError whose
 * location is its DocumentUniqueId: XDSUnknownRepositoryId for another repositoryUniqueId,
 * XDSDocumentUniqueIdError for an unknown document, XDSRepositoryError when its file is gone.
 * Status per ITI TF-3 Table 4.2.4.2-4: all found = Success, some = PartialSuccess, none = Failure.
 */
final class Retrieval {
    private static final Logger LOG = Logger.getLogger(Retrieval.class.getName());

    private final Database db;
    private final RepositorySettings settings;
    private final DocumentFiles files;

    Retrieval(Database db, RepositorySettings settings, DocumentFiles files) {
        this.db = db;
        this.settings = settings;
        this.files = files;
    }

    RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        long start = System.nanoTime();
        List<DocumentReference> refs = request == null ? List.of() : request.getDocuments();
        RetrievedDocumentSet result = new RetrievedDocumentSet(Status.SUCCESS);
        if (refs.isEmpty()) {
            result.setStatus(Status.FAILURE);
            result.getErrors().add(error(ErrorCode.REPOSITORY_ERROR, "no DocumentRequest given", settings.repositoryUniqueId()));
            return result;
        }
        Map<String, RepositoryDocumentEntity> stored = lookup(refs);
        for (DocumentReference ref : refs) {
            String uniqueId = ref.getDocumentUniqueId();
            if (!settings.repositoryUniqueId().equals(ref.getRepositoryUniqueId())) {
                result.getErrors().add(error(ErrorCode.UNKNOWN_REPOSITORY_ID,
                        "repositoryUniqueId " + ref.getRepositoryUniqueId() + " is not served here", uniqueId));
                continue;
            }
            RepositoryDocumentEntity row = stored.get(uniqueId);
            if (row == null) {
                result.getErrors().add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR,
                        "document " + uniqueId + " is not available", uniqueId));
                continue;
            }
            Path file = files.resolve(row.getFilePath());
            if (!Files.isRegularFile(file)) {
                LOG.warning(() -> "ITI-43 document " + uniqueId + " has lost its file " + row.getFilePath());
                result.getErrors().add(error(ErrorCode.REPOSITORY_ERROR,
                        "document " + uniqueId + " cannot be read", uniqueId));
                continue;
            }
            DataHandler content = new BlockCopyDataHandler(new StoredDocumentDataSource(file, row.getMimeType(), uniqueId));
            DocumentReference echo = new DocumentReference(ref.getRepositoryUniqueId(), uniqueId, ref.getHomeCommunityId());
            result.getDocuments().add(new RetrievedDocument(content, echo, null, null, row.getMimeType()));
        }
        result.setStatus(result.getErrors().isEmpty() ? Status.SUCCESS
                : result.getDocuments().isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS);
        LOG.info(() -> String.format("ITI-43 retrieve requested=%d returned=%d errors=%d status=%s documents=%s %d ms",
                refs.size(), result.getDocuments().size(), result.getErrors().size(), result.getStatus(),
                refs.stream().map(DocumentReference::getDocumentUniqueId).toList(),
                (System.nanoTime() - start) / 1_000_000));
        return result;
    }

    private Map<String, RepositoryDocumentEntity> lookup(List<DocumentReference> refs) {
        List<String> ids = refs.stream().map(DocumentReference::getDocumentUniqueId)
                .filter(Objects::nonNull).distinct().toList();
        Map<String, RepositoryDocumentEntity> found = new HashMap<>();
        if (!ids.isEmpty()) {
            db.inTransaction(em -> em.createQuery("select d from RepositoryDocumentEntity d "
                            + "where d.documentUniqueId in :ids", RepositoryDocumentEntity.class)
                    .setParameter("ids", ids).getResultList())
                    .forEach(d -> found.put(d.getDocumentUniqueId(), d));
        }
        return found;
    }

    private static ErrorInfo error(ErrorCode code, String context, String location) {
        return new ErrorInfo(code, context, Severity.ERROR, location, null);
    }
}
