// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.OutputStream;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * The value of the element the parser is positioned on. A handler reads it at most once, either
 * into memory (only when small) or by streaming it; whatever is not read is skipped.
 */
final class ValueReader {

    private final DicomInput in;
    private final boolean bigEndian;
    private long length;
    private boolean consumed;

    ValueReader(DicomInput in, boolean bigEndian) {
        this.in = in;
        this.bigEndian = bigEndian;
    }

    void reset(long valueLength) {
        this.length = valueLength;
        this.consumed = false;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    /** The whole value, if it is at most {@code cap} bytes; larger values are refused. */
    byte[] bytes(int cap) throws IOException, InvalidDicomException {
        if (length > cap) {
            throw new InvalidDicomException(Kind.LIMIT_EXCEEDED,
                    "value of " + length + " bytes is too long here (at most " + cap + ")");
        }
        byte[] b = new byte[(int) length];
        consumed = true;
        in.readFully(b, 0, b.length);
        return b;
    }

    /** Streams the value to {@code out}, byte-swapping units of {@code swapUnit} bytes if > 1. */
    void copyTo(OutputStream out, int swapUnit, byte[] buffer) throws IOException, InvalidDicomException {
        consumed = true;
        in.copyTo(out, length, swapUnit, buffer);
    }

    /** Called by the parser after the handler: skips the value if the handler did not read it. */
    void finish() throws IOException, InvalidDicomException {
        if (!consumed) {
            consumed = true;
            in.skip(length);
        }
    }
}
