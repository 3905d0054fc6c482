// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place tests find the shared sample data: {@code gateway.shared.dir} (set by the pom), else
 * {@code ../shared}. A missing directory fails the test rather than skipping it.
 */
final class SharedData {

    /** The NIST XCA-I study used across tests: 36 MR instances in 2 series, plus its KOS. */
    static final String NIST_STUDY = "1.3.6.1.4.1.21367.201599.1.201606010958044";
    static final String NIST_STUDY_DIR = "dicom/nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1021_Beta";

    /** One row of dicom/FILES.tsv (only files dcmdump was run on). */
    record Row(String path, long size, String ts, String sop, String patientId, String study, String series,
            int dcmdumpRc) {
        @Override
        public String toString() {
            return path;
        }
    }

    private SharedData() {
    }

    static Path dir() {
        String configured = System.getProperty("gateway.shared.dir");
        Path dir = Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("dicom"))) {
            fail("shared sample data not found at " + dir + " (set -Dgateway.shared.dir)");
        }
        return dir;
    }

    static Path dicom(String relative) {
        return dir().resolve("dicom").resolve(relative);
    }

    static List<Row> files() {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("dicom/FILES.tsv"))) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("dest") || f[14].isEmpty()) {
                    continue;
                }
                rows.add(new Row(f[0], Long.parseLong(f[1]), f[6], f[7], f[11], f[12], f[13], Integer.parseInt(f[14])));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 36 MR instances of {@link #NIST_STUDY} (uncompressed copies), from FILES.tsv. */
    static List<Path> nistStudyImages() {
        List<Path> images = new ArrayList<>();
        for (Row r : files()) {
            if (NIST_STUDY.equals(r.study()) && r.path().endsWith(".explicitLE.dcm")) {
                images.add(dicom(r.path()));
            }
        }
        return images;
    }

    static Path nistKos() {
        return dir().resolve(NIST_STUDY_DIR).resolve("KOS-manifest_ids-1002.dcm");
    }
}
