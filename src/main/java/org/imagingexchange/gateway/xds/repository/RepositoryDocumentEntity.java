// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A document held by the embedded repository (ITI-41 stores it, ITI-43 serves it): maps the
 * XDSDocumentEntry.uniqueId to its file under the storage directory, with the mimeType, size and
 * SHA-1 hash that were registered for it.
 */
@Entity
@Table(name = "repository_document")
public class RepositoryDocumentEntity {
    @Id
    @Column(name = "document_unique_id", length = 128)
    private String documentUniqueId;

    @Column(name = "repository_unique_id", nullable = false, length = 64)
    private String repositoryUniqueId;

    /** Relative to the storage directory, '/'-separated. */
    @Column(name = "file_path", nullable = false, length = 1024)
    private String filePath;

    @Column(name = "mime_type", nullable = false, length = 255)
    private String mimeType;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "sha1", nullable = false, length = 40)
    private String sha1;

    @Column(name = "stored_at", nullable = false)
    private Instant storedAt;

    protected RepositoryDocumentEntity() {}

    RepositoryDocumentEntity(String documentUniqueId, String repositoryUniqueId, StoredFile file, String mimeType,
                             Instant storedAt) {
        this.documentUniqueId = documentUniqueId;
        this.repositoryUniqueId = repositoryUniqueId;
        this.filePath = file.relativePath();
        this.mimeType = mimeType;
        this.sizeBytes = file.size();
        this.sha1 = file.sha1();
        this.storedAt = storedAt;
    }

    public String getDocumentUniqueId() { return documentUniqueId; }
    public String getRepositoryUniqueId() { return repositoryUniqueId; }
    public String getFilePath() { return filePath; }
    public String getMimeType() { return mimeType; }
    public long getSizeBytes() { return sizeBytes; }
    public String getSha1() { return sha1; }
    public Instant getStoredAt() { return storedAt; }
}
