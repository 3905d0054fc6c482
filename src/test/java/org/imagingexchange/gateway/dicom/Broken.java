// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test helper: makes broken copies of good files. */
final class Broken {

    private Broken() {
    }

    /**
     * Copies an explicit VR little endian file whose last element is native Pixel Data (OW), cut in
     * the middle of the pixel data. With {@code fixLength} the Pixel Data length is set to what is
     * left, so the file still parses (DCMTK reads and sends it) but the image is short.
     */
    static Path cutPixelData(Path source, Path target, boolean fixLength) throws Exception {
        byte[] b = Files.readAllBytes(source);
        byte[] header = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0};
        int at = -1;
        for (int i = b.length - header.length; i >= 0 && at < 0; i--) {
            if (Arrays.equals(b, i, i + header.length, header, 0, header.length)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("no OW Pixel Data in " + source);
        }
        long length = (b[at + 8] & 0xFFL) | (b[at + 9] & 0xFF) << 8 | (b[at + 10] & 0xFF) << 16 | (long) (b[at + 11] & 0xFF) << 24;
        int keep = (int) (length / 2);
        byte[] out = Arrays.copyOf(b, at + 12 + keep);
        if (fixLength) {
            out[at + 8] = (byte) keep;
            out[at + 9] = (byte) (keep >> 8);
            out[at + 10] = (byte) (keep >> 16);
            out[at + 11] = (byte) (keep >> 24);
        }
        Files.write(target, out);
        return target;
    }
}
