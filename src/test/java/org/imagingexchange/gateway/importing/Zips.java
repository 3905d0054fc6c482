// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Media for the import tests: a folder (a CD image) zipped, with extra files added. */
final class Zips {
    private Zips() {}

    /** The folder's files under their relative names, plus {@code extra} (archive name -> file). */
    static byte[] of(Path folder, Map<String, Path> extra) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>(tree(folder));
        entries.putAll(extra);
        return of(entries);
    }

    /** The files under {@code folder} (only below the given top-level names, if any), by relative name. */
    static Map<String, Path> tree(Path folder, String... only) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        try (var files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = folder.relativize(f).toString();
                String top = name.split("/")[0];
                if (only.length == 0 || List.of(only).contains(top)) {
                    entries.put(name, f);
                }
            });
        }
        return entries;
    }

    /** A zip of the given entries (archive name -> file). */
    static byte[] of(Map<String, Path> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                Files.copy(e.getValue(), zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The DICOM Part 10 instances in the folder (DICOMDIRs left out). */
    static List<Path> dicomFiles(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (!f.getFileName().toString().toUpperCase().startsWith("DICOMDIR") && isPart10(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static boolean isPart10(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && new String(head, 128, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("DICM");
        }
    }
}
