// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The gateway's own file-system DICOM store: {@code <root>/<study>/<series>/<sop>.dcm}.
 * UIDs are checked to be digits and dots before they become path names, and files are written
 * to a temporary name and moved into place, so a crash never leaves a half-written instance
 * under its final name.
 */
public final class EmbeddedStore implements Pacs {
    private final Path root;

    public EmbeddedStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public String kind() {
        return "EMBEDDED";
    }

    @Override
    public String store(Path part10File, InstanceAddress a) throws IOException {
        String relative = a.studyUid() + "/" + a.seriesUid() + "/" + a.sopInstanceUid() + ".dcm";
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".part");
        try {
            Files.copy(part10File, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return relative;
    }

    @Override
    public InputStream open(InstanceAddress a, String location) throws IOException {
        Path file = root.resolve(location).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("location outside the store");
        }
        return Files.newInputStream(file);
    }

    /** The file behind a location, for callers that can use a file directly (zero-copy). */
    public Path file(String location) {
        Path file = root.resolve(location).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("location outside the store");
        }
        return file;
    }

    @Override
    public boolean isUp() {
        return Files.isDirectory(root) && Files.isWritable(root);
    }
}
