// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Checks that native (uncompressed) pixel data is at least as long as the image module says it
 * must be (PS3.5 section 8.1.1, PS3.3 C.7.6.3). A file cut in the middle of its pixel data whose
 * length field was then fixed up parses cleanly, and DCMTK reads and sends it; this is how such a
 * truncated image is still caught. Longer pixel data (padding) is allowed.
 */
final class PixelDataCheck implements DatasetHandler {

    private int samples = -1;
    private int rows = -1;
    private int columns = -1;
    private int bitsAllocated = -1;
    private long frames = 1;
    private String photometric = "";

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        if (depth != 0) {
            return;
        }
        switch (tag) {
            case 0x00280002 -> samples = us(value, length);
            case 0x00280010 -> rows = us(value, length);
            case 0x00280011 -> columns = us(value, length);
            case 0x00280100 -> bitsAllocated = us(value, length);
            case 0x00280004 -> photometric = length <= 64 ? DicomText.ascii(value.bytes(64)) : "";
            case 0x00280008 -> frames = frames(value, length);
            case Tags.PIXEL_DATA -> check(length);
            default -> {
                // not part of the image geometry
            }
        }
    }

    private void check(long length) throws InvalidDicomException {
        if (samples < 1 || rows < 1 || columns < 1 || bitsAllocated < 1 || frames < 1) {
            return;
        }
        long pixels = (long) rows * columns * frames;
        long needed = photometric.endsWith("_422") ? pixels * 2 * bitsAllocated / 8
                : (pixels * samples * bitsAllocated + 7) / 8;
        if (length < needed) {
            throw new InvalidDicomException(Kind.TRUNCATED, "pixel data has " + length + " bytes where the image ("
                    + rows + "x" + columns + ", " + frames + " frame(s), " + samples + "x" + bitsAllocated
                    + " bits) needs " + needed);
        }
    }

    private static int us(ValueReader value, long length) throws IOException, InvalidDicomException {
        if (length != 2) {
            return -1;
        }
        byte[] b = value.bytes(2);
        return value.bigEndian() ? ((b[0] & 0xFF) << 8) | (b[1] & 0xFF) : ((b[1] & 0xFF) << 8) | (b[0] & 0xFF);
    }

    private static long frames(ValueReader value, long length) throws IOException, InvalidDicomException {
        if (length > 16) {
            return -1;
        }
        try {
            return Long.parseLong(new String(value.bytes(16), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
