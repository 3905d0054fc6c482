// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Re-encodes a data set as {@link DatasetParser} walks it: writes each element in the target VR
 * form and byte order, streaming values in 64 kB chunks. Sequences and items are written with
 * undefined length (so no length has to be known in advance), CP-246 UN sequences become SQ, and
 * group lengths (gggg,0000) are dropped because re-encoding changes them (they are retired).
 */
final class DatasetWriter implements DatasetHandler {

    private static final long UNDEFINED = DatasetParser.UNDEFINED;

    private final OutputStream out;
    private final boolean explicit;
    private final boolean bigEndian;
    private final byte[] buffer = new byte[64 * 1024];
    private boolean signedPixels;

    DatasetWriter(OutputStream out, String targetTs) {
        this.out = out;
        this.explicit = TransferSyntaxes.isExplicitVr(targetTs);
        this.bigEndian = TransferSyntaxes.isBigEndian(targetTs);
    }

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        if ((tag & 0xFFFF) == 0) {
            return;
        }
        String outVr = "XS".equals(vr) ? (signedPixels ? "SS" : "US") : vr;
        if (explicit && !Vrs.isLongForm(outVr) && length > 0xFFFF) {
            outVr = Vrs.UN; // only possible from implicit VR: the short form cannot hold the length
        }
        header(tag, outVr, length);
        int swap = value.bigEndian() != bigEndian ? Vrs.swapUnit(outVr) : 1;
        if (tag == Tags.PIXEL_REPRESENTATION && depth == 0 && length == 2) {
            byte[] b = value.bytes(2);
            signedPixels = ((value.bigEndian() ? b[1] : b[0]) & 1) == 1;
            if (swap > 1) {
                DicomInput.swap(b, 2, 2);
            }
            out.write(b);
            return;
        }
        value.copyTo(out, swap, buffer);
    }

    /** Writes one element whose value is already encoded (text, or bytes in the target byte order). */
    void write(int tag, String vr, byte[] value) throws IOException {
        header(tag, vr, value.length);
        out.write(value);
    }

    @Override
    public void startSequence(int tag, int depth) throws IOException {
        header(tag, Vrs.SQ, UNDEFINED);
    }

    @Override
    public void startItem(int depth) throws IOException {
        tag(Tags.ITEM);
        u32(UNDEFINED);
    }

    @Override
    public void endItem(int depth) throws IOException {
        tag(Tags.ITEM_DELIMITATION);
        u32(0);
    }

    @Override
    public void endSequence(int depth) throws IOException {
        tag(Tags.SEQUENCE_DELIMITATION);
        u32(0);
    }

    @Override
    public void startFragments(int tag, String vr, int depth) throws IOException {
        header(tag, vr, UNDEFINED);
    }

    @Override
    public void fragment(long length, ValueReader value) throws IOException, InvalidDicomException {
        tag(Tags.ITEM);
        u32(length);
        value.copyTo(out, 1, buffer);
    }

    @Override
    public void endFragments(int depth) throws IOException {
        tag(Tags.SEQUENCE_DELIMITATION);
        u32(0);
    }

    private void header(int tag, String vr, long length) throws IOException {
        tag(tag);
        if (!explicit) {
            u32(length);
            return;
        }
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (Vrs.isLongForm(vr)) {
            u16(0);
            u32(length);
        } else {
            u16((int) length);
        }
    }

    private void tag(int tag) throws IOException {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
    }

    private void u16(int v) throws IOException {
        if (bigEndian) {
            out.write((v >> 8) & 0xFF);
            out.write(v & 0xFF);
        } else {
            out.write(v & 0xFF);
            out.write((v >> 8) & 0xFF);
        }
    }

    private void u32(long v) throws IOException {
        if (bigEndian) {
            u16((int) (v >>> 16));
            u16((int) v);
        } else {
            u16((int) v);
            u16((int) (v >>> 16));
        }
    }
}
