// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded XDS Document Repository.
 *
 * @param repositoryUniqueId this repository's OID; set on every DocumentEntry it registers and
 *                           required in every ITI-43 DocumentRequest it serves
 * @param storageDirectory   where document files live (a {@code tmp} subdirectory holds partial
 *                           uploads; keep it on the same file system for atomic moves)
 * @param maxDocumentSize    an ITI-41 document larger than this many bytes is refused
 */
public record RepositorySettings(String repositoryUniqueId, Path storageDirectory, long maxDocumentSize) {
    public RepositorySettings {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        Objects.requireNonNull(storageDirectory, "storageDirectory");
        if (maxDocumentSize < 1) {
            throw new IllegalArgumentException("maxDocumentSize must be positive: " + maxDocumentSize);
        }
    }
}
