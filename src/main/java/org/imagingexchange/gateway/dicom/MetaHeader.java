// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads only the File Meta Information (group 0002) at the start of a Part 10 stream: enough to
 * learn an instance's transfer syntax from the first few hundred bytes of a PACS stream,
 * without downloading the instance. Bounded: gives up after {@value #MAX_META_BYTES} bytes.
 */
public final class MetaHeader {
    static final int MAX_META_BYTES = 64 * 1024;

    private MetaHeader() {}

    /** The Transfer Syntax UID (0002,0010) of the Part 10 stream; the stream is left mid-file. */
    public static String transferSyntax(InputStream stream) throws IOException, InvalidDicomException {
        return scan(stream, true).transferSyntax;
    }

    /** Where the data set starts: the byte count of preamble, prefix and meta header. */
    public static long datasetOffset(InputStream stream) throws IOException, InvalidDicomException {
        return scan(stream, false).datasetOffset;
    }

    private record Scan(String transferSyntax, long datasetOffset) {}

    private static Scan scan(InputStream stream, boolean stopAtTransferSyntax) throws IOException, InvalidDicomException {
        DataInputStream in = new DataInputStream(stream);
        byte[] preamble = new byte[132];
        try {
            in.readFully(preamble);
        } catch (java.io.EOFException e) {
            throw new InvalidDicomException(InvalidDicomException.Kind.NOT_PART10, "shorter than a Part 10 preamble");
        }
        if (preamble[128] != 'D' || preamble[129] != 'I' || preamble[130] != 'C' || preamble[131] != 'M') {
            throw new InvalidDicomException(InvalidDicomException.Kind.NOT_PART10, "no DICM prefix");
        }
        int consumed = 0;
        String ts = null;
        while (consumed < MAX_META_BYTES) {
            int group;
            try {
                group = readUnsignedShortLE(in);
            } catch (java.io.EOFException e) {
                break; // a file with a meta header only
            }
            int element = readUnsignedShortLE(in);
            if (group != 0x0002) {
                break;
            }
            String vr = new String(new byte[] {in.readByte(), in.readByte()}, StandardCharsets.US_ASCII);
            long length;
            if (isLongForm(vr)) {
                in.readUnsignedShort(); // reserved
                length = Integer.toUnsignedLong(readIntLE(in));
            } else {
                length = readUnsignedShortLE(in);
            }
            if (length > MAX_META_BYTES - consumed) {
                throw new InvalidDicomException(InvalidDicomException.Kind.LIMIT_EXCEEDED, "meta header element too long");
            }
            byte[] value = new byte[(int) length];
            in.readFully(value);
            consumed += (isLongForm(vr) ? 12 : 8) + (int) length;
            if (element == 0x0010) {
                ts = new String(value, StandardCharsets.US_ASCII).replace("\0", "").trim();
                if (stopAtTransferSyntax) {
                    return new Scan(ts, -1);
                }
            }
        }
        if (ts != null) {
            return new Scan(ts, 132L + consumed);
        }
        throw new InvalidDicomException(InvalidDicomException.Kind.MISSING_ATTRIBUTE, "no Transfer Syntax UID in the meta header");
    }

    private static boolean isLongForm(String vr) {
        return vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT")
                || vr.equals("UC") || vr.equals("UR");
    }

    private static int readUnsignedShortLE(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        return b0 | (b1 << 8);
    }

    private static int readIntLE(DataInputStream in) throws IOException {
        return readUnsignedShortLE(in) | (readUnsignedShortLE(in) << 16);
    }
}
