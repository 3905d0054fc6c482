// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content of a stored document for an ITI-43 DocumentResponse: every
 * {@link #getInputStream()} opens the file anew, so CXF streams it as an MTOM attachment and no
 * document is ever held in memory (DESIGN 4).
 */
final class StoredDocumentDataSource implements DataSource {
    private final Path file;
    private final String mimeType;
    private final String name;

    StoredDocumentDataSource(Path file, String mimeType, String name) {
        this.file = file;
        this.mimeType = mimeType;
        this.name = name;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("stored documents are read-only");
    }

    @Override
    public String getContentType() {
        return mimeType;
    }

    @Override
    public String getName() {
        return name;
    }
}
