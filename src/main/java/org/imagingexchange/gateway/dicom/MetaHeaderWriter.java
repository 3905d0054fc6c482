// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the start of a Part 10 file: 128-byte preamble, "DICM" and the File Meta Information in
 * explicit VR little endian with its group length computed (PS3.10 section 7.1).
 */
final class MetaHeaderWriter {

    private MetaHeaderWriter() {
    }

    /** File Meta Information for an instance received or created by this gateway. */
    static List<Part10Input.MetaElement> forInstance(String sopClassUid, String sopInstanceUid, String ts,
            String sourceAeTitle) {
        List<Part10Input.MetaElement> meta = new ArrayList<>();
        meta.add(new Part10Input.MetaElement(0x00020001, "OB", new byte[] {0, 1}));
        meta.add(new Part10Input.MetaElement(Tags.MEDIA_STORAGE_SOP_CLASS_UID, "UI", uid(sopClassUid)));
        meta.add(new Part10Input.MetaElement(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", uid(sopInstanceUid)));
        meta.add(new Part10Input.MetaElement(Tags.TRANSFER_SYNTAX_UID, "UI", uid(ts)));
        meta.add(new Part10Input.MetaElement(0x00020012, "UI", uid(Uids.IMPLEMENTATION_CLASS_UID)));
        meta.add(new Part10Input.MetaElement(0x00020013, "SH", text(Uids.IMPLEMENTATION_VERSION_NAME)));
        if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
            meta.add(new Part10Input.MetaElement(0x00020016, "AE", text(sourceAeTitle.trim())));
        }
        return meta;
    }

    /** The given elements with the Transfer Syntax UID replaced (added if missing). */
    static List<Part10Input.MetaElement> withTransferSyntax(List<Part10Input.MetaElement> meta, String ts) {
        List<Part10Input.MetaElement> out = new ArrayList<>();
        boolean replaced = false;
        for (Part10Input.MetaElement e : meta) {
            if (e.tag() == Tags.TRANSFER_SYNTAX_UID) {
                out.add(new Part10Input.MetaElement(e.tag(), "UI", uid(ts)));
                replaced = true;
            } else if (!replaced && Integer.compareUnsigned(e.tag(), Tags.TRANSFER_SYNTAX_UID) > 0) {
                out.add(new Part10Input.MetaElement(Tags.TRANSFER_SYNTAX_UID, "UI", uid(ts)));
                out.add(e);
                replaced = true;
            } else {
                out.add(e);
            }
        }
        if (!replaced) {
            out.add(new Part10Input.MetaElement(Tags.TRANSFER_SYNTAX_UID, "UI", uid(ts)));
        }
        return out;
    }

    /** Writes preamble, "DICM", a recomputed (0002,0000) and the other elements in order. */
    static void write(OutputStream out, List<Part10Input.MetaElement> meta) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part10Input.MetaElement e : meta) {
            if (e.tag() != Tags.FILE_META_GROUP_LENGTH) {
                element(body, e.tag(), e.vr(), e.value());
            }
        }
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        int len = body.size();
        element(out, Tags.FILE_META_GROUP_LENGTH, "UL",
                new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)});
        body.writeTo(out);
    }

    private static void element(OutputStream out, int tag, String vr, byte[] value) throws IOException {
        le16(out, tag >>> 16);
        le16(out, tag & 0xFFFF);
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (Vrs.isLongForm(vr)) {
            le16(out, 0);
            le16(out, value.length & 0xFFFF);
            le16(out, value.length >>> 16);
        } else {
            le16(out, value.length);
        }
        out.write(value);
    }

    private static void le16(OutputStream out, int v) throws IOException {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
    }

    /** A UI value, padded with NUL to an even length. */
    static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] padded = new byte[b.length + 1];
        System.arraycopy(b, 0, padded, 0, b.length);
        return padded;
    }

    /** A default-repertoire text value (SH, AE), padded with a space to an even length. */
    static byte[] text(String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }
}
