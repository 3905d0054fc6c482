// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Reads a DICOMDIR (PS3.10 section 8, PS3.3 F.3): which files of a CD/DVD/USB file-set its
 * directory records point to, so media imports can take just those files.
 *
 * <pre>
 * if (DicomDirectory.isDicomDir(file)) {
 *     for (Path p : DicomDirectory.referencedFiles(file, limits)) { ... } // may not exist: report it
 * }
 * </pre>
 */
public final class DicomDirectory {

    /** Media Storage Directory Storage, the SOP class of a DICOMDIR. */
    static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";
    /** Referenced File ID is CS with at most 8 components of 8 characters (PS3.10 8.2); room to spare. */
    private static final int MAX_FILE_ID = 1024;
    /** The ";1" version suffix ISO 9660 adds, and the "." left by names without extension. */
    private static final Pattern ISO9660_SUFFIX = Pattern.compile("\\.?(;\\d+)?$");

    private DicomDirectory() {
    }

    /** True if the Part 10 file is a Media Storage Directory (SOP class 1.2.840.10008.1.3.10). */
    public static boolean isDicomDir(Path file) throws IOException {
        try (Part10Input in = Part10Input.open(file, DicomLimits.defaults())) {
            return MEDIA_STORAGE_DIRECTORY.equals(DicomFiles.metaValue(in, Tags.MEDIA_STORAGE_SOP_CLASS_UID));
        } catch (InvalidDicomException e) {
            return false;
        }
    }

    /**
     * The files a DICOMDIR references (Referenced File ID (0004,1500) of its directory records),
     * resolved against the DICOMDIR's folder, in record order, without duplicates. A component that
     * is not found as written is looked up ignoring case and an ISO 9660 ";1" or "." suffix, as
     * file-sets copied from optical media have them. Missing files are returned too.
     *
     * @throws InvalidDicomException if the file is not a valid DICOMDIR, or a file ID tries to leave
     *     the file-set's folder (".." or an absolute path)
     */
    public static List<Path> referencedFiles(Path dicomdir, DicomLimits limits) throws IOException, InvalidDicomException {
        List<List<String>> ids = new ArrayList<>();
        try (Part10Input in = Part10Input.open(dicomdir, limits)) {
            String sopClass = DicomFiles.metaValue(in, Tags.MEDIA_STORAGE_SOP_CLASS_UID);
            if (!MEDIA_STORAGE_DIRECTORY.equals(sopClass)) {
                throw new InvalidDicomException(Kind.UNSUPPORTED,
                        "not a DICOMDIR: Media Storage SOP Class UID is " + sopClass);
            }
            in.parse(limits, new DatasetHandler() {
                @Override
                public void element(int tag, String vr, long length, int depth, ValueReader value)
                        throws IOException, InvalidDicomException {
                    if (tag == Tags.REFERENCED_FILE_ID && depth == 1) {
                        ids.add(List.of(DicomText.ascii(value.bytes(MAX_FILE_ID)).split("\\\\")));
                    }
                }
            });
        }
        Path base = dicomdir.toAbsolutePath().getParent();
        Set<Path> files = new LinkedHashSet<>();
        for (List<String> id : ids) {
            Path p = resolve(base, id);
            if (p != null) {
                files.add(p);
            }
        }
        return List.copyOf(files);
    }

    /** Resolves one file ID component by component; null for an empty ID. */
    private static Path resolve(Path base, List<String> components) throws IOException, InvalidDicomException {
        Path p = base;
        boolean any = false;
        for (String raw : components) {
            String c = raw.trim();
            if (c.isEmpty()) {
                continue;
            }
            if (c.equals(".") || c.equals("..") || c.contains("/") || c.contains(":") || c.indexOf('\0') >= 0) {
                throw new InvalidDicomException(Kind.MALFORMED,
                        "Referenced File ID component '" + c + "' would leave the file-set folder");
            }
            p = child(p, c);
            any = true;
        }
        return any ? p : null;
    }

    /** The entry {@code name} of {@code dir} as written, else the one that matches it on media rules. */
    private static Path child(Path dir, String name) throws IOException {
        Path exact = dir.resolve(name);
        if (Files.exists(exact) || !Files.isDirectory(dir)) {
            return exact;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(e -> ISO9660_SUFFIX.matcher(e.getFileName().toString()).replaceFirst("")
                    .equalsIgnoreCase(name)).sorted().findFirst().orElse(exact);
        }
    }
}
