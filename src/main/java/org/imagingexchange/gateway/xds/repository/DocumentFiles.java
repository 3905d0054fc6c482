// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.logging.Logger;
import org.imagingexchange.gateway.xds.registry.XdsErrors;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

/**
 * The repository's document files. A document is streamed from its DataHandler into
 * {@code tmp/} while its size and SHA-1 are computed (XDS {@code hash} is SHA-1, ITI TF-3
 * 4.2.3.2.12), then moved atomically to {@code <2 hex>/<uuid>}: a file under its final name is
 * always complete. Nothing is buffered beyond a copy buffer.
 */
final class DocumentFiles {
    private static final Logger LOG = Logger.getLogger(DocumentFiles.class.getName());
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final long maxSize;

    DocumentFiles(Path root, long maxSize) {
        this.root = root.toAbsolutePath().normalize();
        this.maxSize = maxSize;
    }

    /** Streams the document to its final file; on any failure nothing is left behind. */
    StoredFile store(DataHandler content, String documentUniqueId) throws IOException {
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        String name = UUID.randomUUID().toString();
        Path tmp = tmpDir.resolve(name + ".part");
        try {
            MessageDigest sha1 = sha1();
            long size = 0;
            try (InputStream in = content.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    if (size > maxSize) {
                        throw XdsErrors.error(ErrorCode.REPOSITORY_ERROR, "document " + documentUniqueId
                                + " exceeds the maximum size of " + maxSize + " bytes", documentUniqueId);
                    }
                    sha1.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String relative = name.substring(0, 2) + "/" + name;
            Path target = resolve(relative);
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(relative, size, HexFormat.of().formatHex(sha1.digest()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    Path resolve(String relativePath) {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("path outside the storage directory: " + relativePath);
        }
        return file;
    }

    /** Best effort: a file that cannot be deleted is logged, not thrown. */
    void delete(StoredFile file) {
        try {
            Files.deleteIfExists(resolve(file.relativePath()));
        } catch (IOException | UncheckedIOException e) {
            LOG.warning(() -> "cannot delete repository file " + file.relativePath() + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
