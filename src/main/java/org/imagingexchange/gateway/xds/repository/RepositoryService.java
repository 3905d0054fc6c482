// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * The embedded XDS Document Repository: ITI-41 / RAD-68 Provide and Register Document Set-b and
 * ITI-43 Retrieve Document Set, over IPF's XDS model, with documents as files under the storage
 * directory and the metadata registered in the co-located {@link RegistryService}.
 *
 * <pre>
 * RepositoryService repository = new RepositoryService(db, registry,
 *         new RepositorySettings("1.2.3.4.5", dataDir.resolve("repository"), 64L &lt;&lt; 20));
 * Response stored = repository.provideAndRegister(pnr);     // ITI-41 / RAD-68
 * RetrievedDocumentSet docs = repository.retrieve(request);  // ITI-43: DataHandlers stream from files
 * </pre>
 */
public final class RepositoryService {
    private final Database db;
    private final RepositorySettings settings;
    private final DocumentFiles files;
    private final ProvideAndRegister provideAndRegister;
    private final Retrieval retrieval;

    public RepositoryService(Database db, RegistryService registry, RepositorySettings settings) {
        this.db = Objects.requireNonNull(db, "db");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        this.files = new DocumentFiles(settings.storageDirectory(), settings.maxDocumentSize());
        this.provideAndRegister = new ProvideAndRegister(registry, settings, files);
        this.retrieval = new Retrieval(db, settings, files);
    }

    public RepositorySettings settings() {
        return settings;
    }

    /**
     * ITI-41 / RAD-68: stores the documents and registers their metadata, all or nothing. Sets
     * size, hash and repositoryUniqueId on each DocumentEntry of {@code request}.
     */
    public Response provideAndRegister(ProvideAndRegisterDocumentSet request) {
        return provideAndRegister.provideAndRegister(request);
    }

    /** ITI-43: the requested documents, each streaming from its file, and an error per missing one. */
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        return retrieval.retrieve(request);
    }

    /** The file holding a stored document, for internal readers (e.g. the XCA responding gateway). */
    public Optional<Path> documentFile(String documentUniqueId) {
        if (documentUniqueId == null) {
            return Optional.empty();
        }
        RepositoryDocumentEntity row = db.inTransaction(em -> em.find(RepositoryDocumentEntity.class, documentUniqueId));
        if (row == null) {
            return Optional.empty();
        }
        Path file = files.resolve(row.getFilePath());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
