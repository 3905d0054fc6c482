// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomDirectory;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.InvalidDicomException;

/**
 * Finds the instances on patient media (a CD/DVD file-set, a folder, an unpacked zip): the files
 * every DICOMDIR lists, and any other file that is DICOM Part 10 ("DICM" at byte 128). Viewer
 * programs and read-me files on the disc are left out; a file the DICOMDIR lists but that is
 * missing or unreadable, or a Part 10 file whose header does not parse, is reported with the
 * reason (a file cut off later fails when it is coerced). The same SOP instance twice on one disc is taken once.
 */
final class MediaScanner {

    /** One file: its header when it is a good instance, else why not. */
    record Found(String relativeName, InstanceHeader header, long size, String problem) {}

    private final DicomLimits limits;

    MediaScanner(DicomLimits limits) {
        this.limits = limits;
    }

    List<Found> scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Map<Path, Boolean> candidates = new LinkedHashMap<>(); // file -> listed by a DICOMDIR
        List<Found> found = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : all) {
            if (f.getFileName().toString().toUpperCase(Locale.ROOT).startsWith("DICOMDIR") && DicomDirectory.isDicomDir(f)) {
                try {
                    for (Path listed : DicomDirectory.referencedFiles(f, limits)) {
                        candidates.put(listed.normalize(), true);
                    }
                } catch (InvalidDicomException e) {
                    found.add(new Found(root.relativize(f).toString(), null, SpoolFiles.size(f),
                            "DICOMDIR unreadable: " + e.getMessage() + " (the other files are still imported)"));
                }
            }
        }
        for (Path f : all) {
            Path n = f.normalize();
            if (!candidates.containsKey(n) && isPart10(f) && !DicomDirectory.isDicomDir(f)) {
                candidates.put(n, false);
            }
        }
        Set<String> sops = new HashSet<>();
        for (Map.Entry<Path, Boolean> c : candidates.entrySet()) {
            Path f = c.getKey();
            String name = root.relativize(f).toString();
            if (!f.startsWith(root.normalize())) {
                found.add(new Found(f.getFileName().toString(), null, -1, "DICOMDIR points outside the media"));
                continue;
            }
            if (!Files.isRegularFile(f)) {
                found.add(new Found(name, null, -1, "listed in the DICOMDIR but missing from the media"));
                continue;
            }
            try {
                // the header only: the coercion reads every file to its end and fails a truncated one alone
                InstanceHeader h = DicomFiles.readHeader(f, limits);
                if (sops.add(h.sopInstanceUid())) {
                    found.add(new Found(name, h, SpoolFiles.size(f), null));
                }
            } catch (InvalidDicomException e) {
                found.add(new Found(name, null, SpoolFiles.size(f), "not a valid DICOM instance: " + e.getMessage()));
            }
        }
        return found;
    }

    private static boolean isPart10(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }
}
