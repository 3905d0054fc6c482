// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The file chores of the import spool: sizes (for the quota and the progress) and removing a
 * job's folder. Files may vanish meanwhile (another node finishing a job): that is never an error.
 */
final class SpoolFiles {
    private static final Logger LOG = Logger.getLogger(SpoolFiles.class.getName());

    private SpoolFiles() {}

    /** A file's size, or -1 when it cannot be read. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** What the files below {@code dir} hold together (0 when it does not exist). */
    static long usage(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> Math.max(0, size(p))).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Removes {@code dir} with everything in it. */
    static void deleteTree(Path dir) {
        deleteTreeExcept(dir, Set.of());
    }

    /** Removes {@code dir}'s files but {@code keep} (normalized paths), and the folders left empty. */
    static void deleteTreeExcept(Path dir, Set<Path> keep) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                if (keep.contains(p.normalize())) {
                    return;
                }
                try {
                    if (!Files.isDirectory(p) || isEmptyDir(p)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    LOG.fine(() -> "could not delete " + p + ": " + e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warning(() -> "could not clean " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }
}
