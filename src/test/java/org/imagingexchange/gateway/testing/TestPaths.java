// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The one named place for test data locations: the project and ../shared. */
public final class TestPaths {
    private TestPaths() {}

    public static Path projectDir() {
        return Path.of("").toAbsolutePath();
    }

    /** ../shared (or -Dgateway.shared.dir); fails, never skips, when it is missing. */
    public static Path shared() {
        String p = System.getProperty("gateway.shared.dir");
        Path dir = p != null ? Path.of(p) : projectDir().resolve("../shared");
        if (!Files.isDirectory(dir.resolve("dicom"))) {
            throw new IllegalStateException("test data not found at " + dir.toAbsolutePath()
                    + " (set -Dgateway.shared.dir)");
        }
        return dir.normalize().toAbsolutePath();
    }

    /** The NIST community-A study of patient IIG-DEPT1021: 36 MR images in two series, plus a KOS. */
    public static Path nistStudyDir() {
        return shared().resolve("dicom/nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1021_Beta");
    }

    /** The NIST community-A study of patient IIG-DEPT1011 (CR), with alternative transfer syntaxes in alt-ts/. */
    public static Path nistAlphaDir() {
        return shared().resolve("dicom/nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1011_Alpha");
    }

    /** A file under shared/dicom; fails when it is missing. */
    public static Path sharedDicom(String relative) {
        return existing(shared().resolve("dicom").resolve(relative));
    }

    /** An IHE sample message under shared/ihe/samples (see its SOURCES.md); fails when it is missing. */
    public static Path iheSample(String name) {
        return existing(shared().resolve("ihe/samples").resolve(name));
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("test data file missing: " + file);
        }
        return file;
    }
}
