// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipException;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * A byte source that knows its position and, for files, where it ends; every read that runs out
 * of data becomes {@link Kind#TRUNCATED} instead of an EOFException. When the end is unknown
 * (an inflated or network stream) it enforces a byte budget instead.
 */
final class DicomInput {

    private final InputStream in;
    private final long end;
    private final long budget;
    private final byte[] scratch = new byte[8];
    private long pos;

    /**
     * @param in the stream, positioned at {@code start}; must support mark/reset if {@code end} is unknown
     * @param start position of the first byte of {@code in} (for messages and length checks)
     * @param end position just past the last byte, or -1 if unknown
     * @param budget the most bytes that may be read when the end is unknown
     */
    DicomInput(InputStream in, long start, long end, long budget) {
        this.in = in;
        this.pos = start;
        this.end = end;
        this.budget = budget;
    }

    long position() {
        return pos;
    }

    /** Bytes left before the end, or Long.MAX_VALUE if the end is not known. */
    long remaining() {
        return end >= 0 ? end - pos : Long.MAX_VALUE;
    }

    /** True if no byte is left; for streams of unknown length this peeks one byte. */
    boolean atEnd() throws IOException, InvalidDicomException {
        if (end >= 0) {
            return pos >= end;
        }
        in.mark(1);
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        } finally {
            in.reset();
        }
    }

    int readU16(boolean bigEndian) throws IOException, InvalidDicomException {
        readFully(scratch, 0, 2);
        int a = scratch[0] & 0xFF;
        int b = scratch[1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long readU32(boolean bigEndian) throws IOException, InvalidDicomException {
        readFully(scratch, 0, 4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = scratch[bigEndian ? i : 3 - i] & 0xFF;
            v = (v << 8) | b;
        }
        return v;
    }

    int readTag(boolean bigEndian) throws IOException, InvalidDicomException {
        int group = readU16(bigEndian);
        return (group << 16) | readU16(bigEndian);
    }

    /** The next two bytes without consuming them, or -1 if fewer are left. */
    int peekU16(boolean bigEndian) throws IOException, InvalidDicomException {
        if (end >= 0 && end - pos < 2) {
            return -1;
        }
        in.mark(2);
        int a;
        int b;
        try {
            a = in.read();
            b = in.read();
        } catch (ZipException e) {
            throw corrupt(e);
        } finally {
            in.reset();
        }
        if (a < 0 || b < 0) {
            return -1;
        }
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    void readFully(byte[] b, int off, int len) throws IOException, InvalidDicomException {
        checkBudget(len);
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                throw truncated();
            }
            done += n;
            pos += n;
        }
    }

    void skip(long n) throws IOException, InvalidDicomException {
        checkBudget(n);
        long left = n;
        while (left > 0) {
            long k = skipSome(left);
            if (k <= 0) {
                if (read(scratch, 0, 1) < 0) {
                    throw truncated();
                }
                k = 1;
            }
            left -= k;
            pos += k;
        }
    }

    /** Copies n bytes to out, reversing each group of {@code swapUnit} bytes when swapUnit > 1. */
    void copyTo(OutputStream out, long n, int swapUnit, byte[] buffer) throws IOException, InvalidDicomException {
        long left = n;
        int chunk = buffer.length - buffer.length % 8;
        while (left > 0) {
            int len = (int) Math.min(chunk, left);
            readFully(buffer, 0, len);
            if (swapUnit > 1) {
                swap(buffer, len, swapUnit);
            }
            out.write(buffer, 0, len);
            left -= len;
        }
    }

    static void swap(byte[] b, int len, int unit) {
        for (int i = 0; i + unit <= len; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    /** Reads from the stream, turning a broken deflate stream into an {@link InvalidDicomException}. */
    private int read(byte[] b, int off, int len) throws IOException, InvalidDicomException {
        try {
            return in.read(b, off, len);
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private long skipSome(long n) throws IOException, InvalidDicomException {
        try {
            return in.skip(n);
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private InvalidDicomException corrupt(ZipException e) {
        return new InvalidDicomException(Kind.MALFORMED, "corrupt deflated data set near byte " + pos, e);
    }

    InvalidDicomException truncated() {
        return new InvalidDicomException(Kind.TRUNCATED, "truncated: data ends at byte " + pos);
    }

    private void checkBudget(long n) throws InvalidDicomException {
        if (end < 0 && pos + n > budget) {
            throw new InvalidDicomException(Kind.LIMIT_EXCEEDED,
                    "data set exceeds the limit of " + budget + " bytes");
        }
    }
}
