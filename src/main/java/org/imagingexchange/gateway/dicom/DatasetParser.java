// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Walks a data set (PS3.5 section 7) element by element without building it in memory: every
 * declared length is checked against {@link DicomLimits}, the enclosing item and the bytes left
 * before anything is read, and values are skipped unless the {@link DatasetHandler} asks for them.
 * Handles explicit and implicit VR, both byte orders, sequences and items of defined and undefined
 * length, CP-246 (UN of undefined length holds implicit VR little endian) and encapsulated pixel data.
 */
final class DatasetParser {

    static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Logger LOG = Logger.getLogger(DatasetParser.class.getName());

    private final DicomInput in;
    private final DicomLimits limits;
    private final DatasetHandler handler;
    private final ValueReader littleEndian;
    private final ValueReader bigEndian;

    DatasetParser(DicomInput in, DicomLimits limits, DatasetHandler handler) {
        this.in = in;
        this.limits = limits;
        this.handler = handler;
        this.littleEndian = new ValueReader(in, false);
        this.bigEndian = new ValueReader(in, true);
    }

    /** Parses to the end of the data; false if the handler stopped it early. */
    boolean parse(boolean explicitVr, boolean bigEndianSyntax) throws IOException, InvalidDicomException {
        return elements(explicitVr, bigEndianSyntax, -1, -1, 0, false);
    }

    private boolean elements(boolean explicit, boolean be, long itemEnd, long bound, int depth,
            boolean undefinedItem) throws IOException, InvalidDicomException {
        while (true) {
            long pos = in.position();
            if (itemEnd >= 0 && pos >= itemEnd) {
                return true;
            }
            if (itemEnd < 0 && bound >= 0 && pos >= bound) {
                throw malformed("an item of undefined length runs past the end of its sequence at byte " + pos);
            }
            if (depth == 0 && itemEnd < 0 && in.atEnd()) {
                return true;
            }
            int tag = in.readTag(be);
            if (tag == Tags.ITEM_DELIMITATION) {
                in.readU32(be);
                if (undefinedItem) {
                    return true;
                }
                throw malformed("item delimiter outside an item at byte " + pos);
            }
            if (tag == Tags.SEQUENCE_DELIMITATION) {
                if (in.readU32(be) != 0) {
                    throw malformed("stray sequence delimiter with a length at byte " + pos);
                }
                LOG.log(Level.FINE, "ignoring a stray sequence delimiter at byte {0}", pos);
                continue;
            }
            if (tag == Tags.ITEM) {
                throw malformed("item outside a sequence at byte " + pos);
            }
            String vr;
            long len;
            if (explicit) {
                vr = readVr(tag);
                if (Vrs.isLongForm(vr)) {
                    in.skip(2);
                    len = in.readU32(be);
                } else {
                    len = in.readU16(be);
                }
            } else {
                len = in.readU32(be);
                vr = Vrs.implicitVr(tag);
            }
            if (len != UNDEFINED) {
                checkLength(tag, len, bound);
            }
            if (!handler.proceed(tag, depth)) {
                return false;
            }
            if (!value(tag, vr, len, explicit, be, bound, depth)) {
                return false;
            }
        }
    }

    private boolean value(int tag, String vr, long len, boolean explicit, boolean be, long bound, int depth)
            throws IOException, InvalidDicomException {
        if (len == UNDEFINED) {
            if (tag == Tags.PIXEL_DATA) {
                return fragments(tag, vr, be, bound, depth);
            }
            if (Vrs.SQ.equals(vr) || Vrs.UN.equals(vr) || !explicit) {
                boolean nestedExplicit = explicit && Vrs.SQ.equals(vr);
                return sequence(tag, nestedExplicit, nestedExplicit && be, UNDEFINED, bound, depth);
            }
            throw malformed("undefined length for " + Tags.format(tag) + " with VR " + vr);
        }
        if (Vrs.SQ.equals(vr)) {
            return sequence(tag, explicit, be, len, bound, depth);
        }
        ValueReader reader = be ? bigEndian : littleEndian;
        reader.reset(len);
        handler.element(tag, vr, len, depth, reader);
        reader.finish();
        return true;
    }

    private boolean sequence(int tag, boolean explicit, boolean be, long len, long bound, int depth)
            throws IOException, InvalidDicomException {
        int inner = depth + 1;
        if (inner > limits.maxSequenceDepth()) {
            throw new InvalidDicomException(Kind.LIMIT_EXCEEDED,
                    "sequences nested deeper than the limit of " + limits.maxSequenceDepth());
        }
        long end = len == UNDEFINED ? -1 : in.position() + len;
        long innerBound = end >= 0 ? end : bound;
        handler.startSequence(tag, depth);
        while (end < 0 || in.position() < end) {
            long pos = in.position();
            if (end < 0 && bound >= 0 && pos >= bound) {
                throw malformed("sequence " + Tags.format(tag) + " runs past the end of its item");
            }
            int itemTag = in.readTag(be);
            long itemLen = in.readU32(be);
            if (itemTag == Tags.SEQUENCE_DELIMITATION && end < 0) {
                break;
            }
            if (itemTag != Tags.ITEM) {
                throw malformed("expected an item in sequence " + Tags.format(tag) + " at byte " + pos
                        + " but found " + Tags.format(itemTag));
            }
            handler.startItem(inner);
            boolean complete;
            if (itemLen == UNDEFINED) {
                complete = elements(explicit, be, -1, innerBound, inner, true);
            } else {
                checkLength(itemTag, itemLen, innerBound);
                long itemEnd = in.position() + itemLen;
                complete = elements(explicit, be, itemEnd, itemEnd, inner, false);
            }
            if (!complete) {
                return false;
            }
            handler.endItem(inner);
        }
        if (end >= 0 && in.position() != end) {
            throw malformed("sequence " + Tags.format(tag) + " does not end at its declared length");
        }
        handler.endSequence(depth);
        return true;
    }

    private boolean fragments(int tag, String vr, boolean be, long bound, int depth)
            throws IOException, InvalidDicomException {
        handler.startFragments(tag, vr, depth);
        ValueReader reader = be ? bigEndian : littleEndian;
        while (true) {
            long pos = in.position();
            int itemTag = in.readTag(be);
            long itemLen = in.readU32(be);
            if (itemTag == Tags.SEQUENCE_DELIMITATION) {
                break;
            }
            if (itemTag != Tags.ITEM || itemLen == UNDEFINED) {
                throw malformed("bad item in encapsulated pixel data at byte " + pos);
            }
            checkLength(itemTag, itemLen, bound);
            reader.reset(itemLen);
            handler.fragment(itemLen, reader);
            reader.finish();
        }
        handler.endFragments(depth);
        return true;
    }

    private String readVr(int tag) throws IOException, InvalidDicomException {
        int v = in.readU16(true);
        char a = (char) (v >> 8);
        char b = (char) (v & 0xFF);
        String vr = new String(new char[] {a, b});
        if (!Vrs.isKnown(vr)) {
            throw malformed("invalid VR " + (Character.isLetter(a) && Character.isLetter(b) ? vr
                    : String.format("0x%04X", v)) + " for " + Tags.format(tag) + " at byte " + (in.position() - 6));
        }
        return vr.intern();
    }

    private void checkLength(int tag, long len, long bound) throws InvalidDicomException {
        if (len > in.remaining()) {
            throw new InvalidDicomException(Kind.TRUNCATED, "truncated: " + Tags.format(tag) + " declares " + len
                    + " bytes but only " + in.remaining() + " remain");
        }
        if (len > limits.maxElementBytes()) {
            throw new InvalidDicomException(Kind.LIMIT_EXCEEDED, "declared element length " + len + " of "
                    + Tags.format(tag) + " exceeds the limit of " + limits.maxElementBytes());
        }
        if (bound >= 0 && in.position() + len > bound) {
            throw malformed(Tags.format(tag) + " declares " + len + " bytes, past the end of its enclosing item");
        }
    }

    private static InvalidDicomException malformed(String message) {
        return new InvalidDicomException(Kind.MALFORMED, message);
    }
}
