// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Test helper: hand-made explicit VR little endian Part 10 files, for shapes no sample has. */
final class Synthetic {

    static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7";

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** Starts a data set with the four identifying UIDs. */
    static Synthetic instance() {
        Synthetic s = new Synthetic();
        s.element(0x00080016, "UI", uid(SOP_CLASS)).element(0x00080018, "UI", uid("1.2.3.4"))
                .element(0x0020000D, "UI", uid("1.2.3")).element(0x0020000E, "UI", uid("1.2.3.1"));
        return s;
    }

    /** A data set without the image UIDs, for objects that are not images (a DICOMDIR). */
    static Synthetic empty() {
        return new Synthetic();
    }

    /** A sequence of undefined length whose items hold the elements of {@code items}. */
    Synthetic sequence(int tag, Synthetic... items) {
        tag(tag);
        data.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
        u16(0);
        u32(0xFFFFFFFFL);
        for (Synthetic item : items) {
            tag(Tags.ITEM);
            u32(item.data.size());
            data.writeBytes(item.data.toByteArray());
        }
        tag(Tags.SEQUENCE_DELIMITATION);
        u32(0);
        return this;
    }

    Synthetic element(int tag, String vr, byte[] value) {
        tag(tag);
        data.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (Vrs.isLongForm(vr)) {
            u16(0);
            u32(value.length);
        } else {
            u16(value.length);
        }
        data.writeBytes(value);
        return this;
    }

    /** Opens {@code depth} nested sequences (undefined lengths) and closes them again. */
    Synthetic nestedSequences(int depth) {
        for (int i = 0; i < depth; i++) {
            tag(0x0040A730);
            data.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
            u16(0);
            u32(0xFFFFFFFFL);
            tag(Tags.ITEM);
            u32(0xFFFFFFFFL);
        }
        for (int i = 0; i < depth; i++) {
            tag(Tags.ITEM_DELIMITATION);
            u32(0);
            tag(Tags.SEQUENCE_DELIMITATION);
            u32(0);
        }
        return this;
    }

    /** The Part 10 file: preamble, File Meta Information, the data set (deflated for .1.2.1.99). */
    byte[] file(String ts) throws Exception {
        return file(ts, SOP_CLASS);
    }

    /** The Part 10 file with {@code sopClass} as Media Storage SOP Class UID. */
    byte[] file(String ts, String sopClass) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetaHeaderWriter.write(out, MetaHeaderWriter.forInstance(sopClass, "1.2.3.4", ts, null));
        if (TransferSyntaxes.isDeflated(ts)) {
            DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION, true));
            d.write(data.toByteArray());
            d.finish();
        } else {
            out.writeBytes(data.toByteArray());
        }
        return out.toByteArray();
    }

    byte[] file() throws Exception {
        return file(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    static byte[] uid(String uid) {
        return MetaHeaderWriter.uid(uid);
    }

    private void tag(int tag) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
    }

    private void u16(int v) {
        data.write(v & 0xFF);
        data.write((v >> 8) & 0xFF);
    }

    private void u32(long v) {
        u16((int) (v & 0xFFFF));
        u16((int) (v >>> 16));
    }
}
