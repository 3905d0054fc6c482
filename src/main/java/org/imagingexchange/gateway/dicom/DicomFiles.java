// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks and reads DICOM Part 10 files that arrive from outside (C-STORE, uploads, RAD-75 and
 * RAD-69 responses) before the gateway stores or forwards them.
 *
 * <pre>
 * DicomFiles.validateComplete(file, limits);          // whole file, to its last byte
 * InstanceHeader h = DicomFiles.readHeader(file, limits); // attributes, up to the pixel data
 * </pre>
 *
 * Both stream through the file with flat memory; a declared length over a limit or past the end
 * of the file is refused before anything is read or allocated.
 */
public final class DicomFiles {

    private DicomFiles() {
    }

    /**
     * Reads the header of a Part 10 file, up to (not including) the pixel data, whose declared
     * length is still checked.
     *
     * @throws InvalidDicomException if the file is not Part 10, is truncated or malformed before the
     *     pixel data, exceeds a limit, or lacks the SOP Class, SOP Instance, Study or Series UID
     * @throws IOException if the file cannot be read
     */
    public static InstanceHeader readHeader(Path file, DicomLimits limits) throws IOException, InvalidDicomException {
        try (Part10Input in = Part10Input.open(file, limits)) {
            HeaderCollector collector = new HeaderCollector();
            in.parse(limits, collector);
            return collector.header(in.transferSyntaxUid(), metaValue(in, Tags.MEDIA_STORAGE_SOP_CLASS_UID));
        }
    }

    /**
     * Parses the whole file to its last byte (values are skipped, not read), so that truncated or
     * malformed pixel data and trailing elements are found; also checks that native pixel data is as
     * long as Rows x Columns x Samples x Bits Allocated x Frames needs (a cut image whose length
     * field was fixed up).
     *
     * @throws InvalidDicomException if the file is not Part 10, is truncated, malformed or over a limit
     * @throws IOException if the file cannot be read
     */
    public static void validateComplete(Path file, DicomLimits limits) throws IOException, InvalidDicomException {
        try (Part10Input in = Part10Input.open(file, limits)) {
            in.parse(limits, new PixelDataCheck());
        }
    }

    static String metaValue(Part10Input in, int tag) {
        for (Part10Input.MetaElement e : in.meta()) {
            if (e.tag() == tag) {
                return DicomText.ascii(e.value());
            }
        }
        return null;
    }
}
