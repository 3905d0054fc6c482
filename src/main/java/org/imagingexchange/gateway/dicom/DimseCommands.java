// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the DIMSE responses of the SCP (PS3.7 sections 9.3.1.2 and 9.3.5.2) in implicit VR little
 * endian. Written here because PixelMed's response classes cannot carry an Error Comment.
 */
final class DimseCommands {

    static final int C_STORE_RQ = 0x0001;
    static final int C_ECHO_RQ = 0x0030;
    static final int NO_DATA_SET = 0x0101;
    /** Any value but 0x0101 says a data set follows; 0x0000 is what most toolkits send. */
    static final int DATA_SET_PRESENT = 0x0000;
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final int SUCCESS = 0x0000;
    static final int PROCESSING_FAILURE = 0x0110;
    private static final int C_STORE_RSP = 0x8001;
    private static final int C_ECHO_RSP = 0x8030;
    private static final int MAX_COMMENT = 64;

    private DimseCommands() {
    }

    static byte[] storeResponse(String sopClassUid, String sopInstanceUid, int messageId, int status, String comment) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x00000002, uid(sopClassUid));
        element(body, 0x00000100, us(C_STORE_RSP));
        element(body, 0x00000120, us(messageId));
        element(body, 0x00000800, us(NO_DATA_SET));
        element(body, 0x00000900, us(status));
        if (status != SUCCESS && comment != null && !comment.isBlank()) {
            element(body, 0x00000902, text(comment));
        }
        element(body, 0x00001000, uid(sopInstanceUid));
        return withGroupLength(body);
    }

    /** A C-STORE-RQ with medium priority, announcing a data set (PS3.7 section 9.3.1.1). */
    static byte[] storeRequest(String sopClassUid, String sopInstanceUid, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x00000002, uid(sopClassUid));
        element(body, 0x00000100, us(C_STORE_RQ));
        element(body, 0x00000110, us(messageId));
        element(body, 0x00000700, us(0));
        element(body, 0x00000800, us(DATA_SET_PRESENT));
        element(body, 0x00001000, uid(sopInstanceUid));
        return withGroupLength(body);
    }

    /** A C-ECHO-RQ (PS3.7 section 9.3.5.1). */
    static byte[] echoRequest(int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x00000002, uid(VERIFICATION));
        element(body, 0x00000100, us(C_ECHO_RQ));
        element(body, 0x00000110, us(messageId));
        element(body, 0x00000800, us(NO_DATA_SET));
        return withGroupLength(body);
    }

    static byte[] echoResponse(String sopClassUid, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x00000002, uid(sopClassUid));
        element(body, 0x00000100, us(C_ECHO_RSP));
        element(body, 0x00000120, us(messageId));
        element(body, 0x00000800, us(NO_DATA_SET));
        element(body, 0x00000900, us(SUCCESS));
        return withGroupLength(body);
    }

    private static byte[] withGroupLength(ByteArrayOutputStream body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = body.size();
        element(out, 0x00000000, new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int tag, byte[] value) {
        int[] parts = {tag >>> 16, tag & 0xFFFF};
        for (int p : parts) {
            out.write(p & 0xFF);
            out.write(p >> 8);
        }
        int n = value.length;
        out.write(n);
        out.write(n >> 8);
        out.write(n >> 16);
        out.write(n >> 24);
        out.writeBytes(value);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] uid(String uid) {
        return MetaHeaderWriter.uid(uid == null ? "" : uid);
    }

    /** An LO value: printable ASCII, at most 64 characters, padded to even length. */
    private static byte[] text(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() < MAX_COMMENT) {
                b.append(c >= 0x20 && c < 0x7F && c != '\\' ? c : '?');
            }
        }
        if (b.length() % 2 == 1) {
            b.append(' ');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
