// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.registry.XdsErrors;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;

/**
 * ITI-41 Provide and Register Document Set-b at the Document Repository (ITI TF-2b 3.41.4.1.3),
 * also RAD-68 for KOS manifests: validates the request (IPF, ITI-41 profile), streams each
 * document to a file computing size and SHA-1, verifies a size / hash / repositoryUniqueId the
 * source supplied (XDSRepositoryMetadataError on mismatch) and sets them, then registers the
 * metadata (ITI-42) with the repository rows in the same transaction. On any failure the files
 * written are deleted: nothing is half-stored. Status is Success or Failure only (ITI TF-3
 * Table 4.2.4.2-1).
 */
final class ProvideAndRegister {
    private static final Logger LOG = Logger.getLogger(ProvideAndRegister.class.getName());

    private final RegistryService registry;
    private final RepositorySettings settings;
    private final DocumentFiles files;

    ProvideAndRegister(RegistryService registry, RepositorySettings settings, DocumentFiles files) {
        this.registry = registry;
        this.settings = settings;
        this.files = files;
    }

    Response provideAndRegister(ProvideAndRegisterDocumentSet request) {
        long start = System.nanoTime();
        List<StoredFile> written = new ArrayList<>();
        List<RepositoryDocumentEntity> rows = new ArrayList<>();
        try {
            validate(request);
            Instant now = Instant.now();
            for (Document document : request.getDocuments()) {
                StoredFile file = store(document);
                written.add(file);
                DocumentEntry entry = document.getDocumentEntry();
                rows.add(new RepositoryDocumentEntity(entry.getUniqueId(), settings.repositoryUniqueId(), file,
                        entry.getMimeType(), now));
            }
            Response response = registry.register(registration(request), em -> rows.forEach(em::persist));
            if (response.getStatus() != Status.SUCCESS) {
                written.forEach(files::delete);
                LOG.info(() -> "ITI-41 refused by the registry submissionSet uniqueId="
                        + request.getSubmissionSet().getUniqueId() + " errors=" + response.getErrors().size());
                return response;
            }
            LOG.info(() -> String.format("ITI-41 stored submissionSet uniqueId=%s documents=%s bytes=%d %d ms",
                    request.getSubmissionSet().getUniqueId(),
                    rows.stream().map(RepositoryDocumentEntity::getDocumentUniqueId).toList(),
                    written.stream().mapToLong(StoredFile::size).sum(), (System.nanoTime() - start) / 1_000_000));
            return response;
        } catch (IOException | RuntimeException e) {
            written.forEach(files::delete);
            return failure(request, e);
        }
    }

    private static void validate(ProvideAndRegisterDocumentSet request) {
        if (request == null || request.getSubmissionSet() == null) {
            throw XdsErrors.error(ErrorCode.REPOSITORY_METADATA_ERROR, "exactly one submission set must be given", null);
        }
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        ProvideAndRegisterDocumentSetRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_41);
        // required (ITI TF-3 Table 4.3.1-3), not checked by IPF 5.1, and needed to serve the document
        for (Document document : request.getDocuments()) {
            DocumentEntry entry = document.getDocumentEntry();
            if (entry.getMimeType() == null || entry.getMimeType().isBlank()) {
                throw XdsErrors.error(ErrorCode.REPOSITORY_METADATA_ERROR,
                        "mimeType missing on document entry " + entry.getUniqueId(), entry.getUniqueId());
            }
        }
    }

    private StoredFile store(Document document) throws IOException {
        DocumentEntry entry = document.getDocumentEntry();
        String uniqueId = entry.getUniqueId();
        if (document.getDataHandler() == null) {
            throw XdsErrors.error(ErrorCode.MISSING_DOCUMENT, "no content for document " + uniqueId, uniqueId);
        }
        if (entry.getRepositoryUniqueId() != null && !settings.repositoryUniqueId().equals(entry.getRepositoryUniqueId())) {
            throw XdsErrors.error(ErrorCode.REPOSITORY_METADATA_ERROR, "repositoryUniqueId of document " + uniqueId
                    + " is not this repository's", uniqueId);
        }
        StoredFile file = files.store(document.getDataHandler(), uniqueId);
        try {
            if (entry.getSize() != null && entry.getSize() != file.size()) {
                throw XdsErrors.error(ErrorCode.REPOSITORY_METADATA_ERROR, "size of document " + uniqueId
                        + " does not match its content (" + file.size() + " bytes)", uniqueId);
            }
            if (entry.getHash() != null && !entry.getHash().equalsIgnoreCase(file.sha1())) {
                throw XdsErrors.error(ErrorCode.REPOSITORY_METADATA_ERROR, "hash of document " + uniqueId
                        + " does not match its content", uniqueId);
            }
        } catch (RuntimeException e) {
            files.delete(file);
            throw e;
        }
        entry.setSize(file.size());
        entry.setHash(file.sha1());
        entry.setRepositoryUniqueId(settings.repositoryUniqueId());
        return file;
    }

    /** The ITI-42 request the repository sends on: the same metadata objects, without content. */
    private static RegisterDocumentSet registration(ProvideAndRegisterDocumentSet request) {
        RegisterDocumentSet register = new RegisterDocumentSet();
        register.setSubmissionSet(request.getSubmissionSet());
        request.getDocuments().stream().map(Document::getDocumentEntry).filter(Objects::nonNull)
                .forEach(register.getDocumentEntries()::add);
        register.getFolders().addAll(request.getFolders());
        register.getAssociations().addAll(request.getAssociations());
        return register;
    }

    private Response failure(ProvideAndRegisterDocumentSet request, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        var info = XdsErrors.toErrorInfo(cause, ErrorCode.REPOSITORY_METADATA_ERROR, ErrorCode.REPOSITORY_ERROR,
                settings.repositoryUniqueId());
        String set = request == null || request.getSubmissionSet() == null ? null
                : request.getSubmissionSet().getUniqueId();
        if (XdsErrors.isBusinessError(cause)) {
            LOG.info(() -> "ITI-41 rejected submissionSet uniqueId=" + set + " " + info.getErrorCode().getOpcode()
                    + ": " + info.getCodeContext());
        } else {
            LOG.log(Level.WARNING, "ITI-41 failed submissionSet uniqueId=" + set, e);
        }
        Response response = new Response(Status.FAILURE);
        response.getErrors().add(info);
        return response;
    }
}
