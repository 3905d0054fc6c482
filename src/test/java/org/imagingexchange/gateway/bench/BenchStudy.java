// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark study as files on disk, with the UIDs and sizes the retrieve is checked against. */
record BenchStudy(String studyUid, String transferSyntax, List<Instance> instances) {

    record Instance(Path file, String sopUid, String seriesUid, long size) {}

    /** Reads the study's index ({@link StudyGenerator#INDEX}) and the sizes of its files. */
    static BenchStudy read(Path dir) throws IOException {
        List<Instance> instances = new ArrayList<>();
        String study = null;
        String ts = null;
        for (String line : Files.readAllLines(dir.resolve(StudyGenerator.INDEX))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5 || (study != null && (!study.equals(f[3]) || !ts.equals(f[4])))) {
                throw new IOException("bad line in " + dir.resolve(StudyGenerator.INDEX) + ": " + line);
            }
            study = f[3];
            ts = f[4];
            Path file = dir.resolve(f[0]);
            instances.add(new Instance(file, f[1], f[2], Files.size(file)));
        }
        if (instances.isEmpty()) {
            throw new IOException("no instances in " + dir);
        }
        return new BenchStudy(study, ts, List.copyOf(instances));
    }

    long totalBytes() {
        return instances.stream().mapToLong(Instance::size).sum();
    }

    /** SOP Instance UIDs by Series Instance UID, in file order. */
    Map<String, List<String>> sopsBySeries() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        instances.forEach(i -> m.computeIfAbsent(i.seriesUid(), k -> new ArrayList<>()).add(i.sopUid()));
        return m;
    }

    /** The same study as stored by the gateway's embedded store ({@code <root>/<study>/<series>/<sop>.dcm}). */
    List<Path> storedFiles(Path storeRoot) {
        return instances.stream()
                .map(i -> storeRoot.resolve(studyUid).resolve(i.seriesUid()).resolve(i.sopUid() + ".dcm")).toList();
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
