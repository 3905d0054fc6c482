// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.TreeMap;

/**
 * Write pass of a {@link Coercion}: copies the data set through a {@link DatasetWriter} in the same
 * transfer syntax, remaps UI values, and applies the top-level {@link Edit}s at their tag's
 * position: before the first element with a higher tag, in place of an element with the same tag,
 * or (for sequences that keep their items) as a last item.
 */
final class CoercionWriter implements DatasetHandler {

    /** Writes part of the coerced data set. */
    interface Body {
        void write(CoercionWriter out) throws IOException, InvalidDicomException;
    }

    /**
     * A change at the top level.
     *
     * @param appendItem true: {@code body} is a new last item of the sequence {@code tag}, created if
     *     absent; false: {@code body} replaces the element {@code tag} (present or not) and may write nothing
     */
    record Edit(int tag, boolean appendItem, Body body) {
    }

    private final DatasetWriter writer;
    private final OutputStream out;
    private final SourceRanges source;
    private final UidMapping uids;
    private final TreeMap<Integer, Edit> pending = new TreeMap<>(Integer::compareUnsigned);
    /** Depth of the sequence being dropped, or -1. */
    private int dropping = -1;
    /** Inside the Original Attributes Sequence: previous values, never remapped. */
    private boolean inHistory;
    private Edit itemToAppend;

    CoercionWriter(DatasetWriter writer, OutputStream out, SourceRanges source, UidMapping uids, List<Edit> edits) {
        this.writer = writer;
        this.out = out;
        this.source = source;
        this.uids = uids;
        for (Edit e : edits) {
            pending.put(e.tag(), e);
        }
    }

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        if (dropping >= 0 || depth == 0 && replaced(tag, false)) {
            return;
        }
        if (!inHistory && uids.applies(vr, length)) {
            byte[] b = value.bytes(UidMapping.MAX_VALUE);
            byte[] mapped = uids.remap(b);
            writer.write(tag, vr, mapped != null ? mapped : b);
            return;
        }
        writer.element(tag, vr, length, depth, value);
    }

    @Override
    public void startSequence(int tag, int depth) throws IOException, InvalidDicomException {
        if (dropping >= 0) {
            return;
        }
        if (depth == 0) {
            if (replaced(tag, true)) {
                dropping = 0;
                return;
            }
            inHistory = tag == Tags.ORIGINAL_ATTRIBUTES_SEQUENCE;
        }
        writer.startSequence(tag, depth);
    }

    @Override
    public void startItem(int depth) throws IOException {
        if (dropping < 0) {
            writer.startItem(depth);
        }
    }

    @Override
    public void endItem(int depth) throws IOException {
        if (dropping < 0) {
            writer.endItem(depth);
        }
    }

    @Override
    public void endSequence(int depth) throws IOException, InvalidDicomException {
        if (dropping >= 0) {
            if (depth == dropping) {
                dropping = -1;
            }
            return;
        }
        if (depth == 0) {
            if (itemToAppend != null) {
                item(itemToAppend.body(), 1);
                itemToAppend = null;
            }
            inHistory = false;
        }
        writer.endSequence(depth);
    }

    @Override
    public void startFragments(int tag, String vr, int depth) throws IOException, InvalidDicomException {
        if (dropping >= 0) {
            return;
        }
        if (depth == 0) {
            writeEditsBefore(tag); // no edit replaces pixel data
        }
        writer.startFragments(tag, vr, depth);
    }

    @Override
    public void fragment(long length, ValueReader value) throws IOException, InvalidDicomException {
        if (dropping < 0) {
            writer.fragment(length, value);
        }
    }

    @Override
    public void endFragments(int depth) throws IOException {
        if (dropping < 0) {
            writer.endFragments(depth);
        }
    }

    /** Writes the edits whose tags come after the last element of the data set. */
    void finish() throws IOException, InvalidDicomException {
        while (!pending.isEmpty()) {
            write(pending.pollFirstEntry().getValue());
        }
    }

    /** A text or binary element whose value is already encoded. */
    void put(int tag, String vr, byte[] value) throws IOException {
        writer.write(tag, vr, value);
    }

    /** The source's encoding of one top-level element, byte for byte. */
    void copy(CoercionScan.Range range) throws IOException, InvalidDicomException {
        source.copy(range, out);
    }

    /** A sequence with one item. */
    void sequence(int tag, int depth, Body item) throws IOException, InvalidDicomException {
        writer.startSequence(tag, depth);
        item(item, depth + 1);
        writer.endSequence(depth);
    }

    private void item(Body body, int depth) throws IOException, InvalidDicomException {
        writer.startItem(depth);
        body.write(this);
        writer.endItem(depth);
    }

    /**
     * Before a top-level element: writes the edits of lower tags, then applies this tag's edit.
     * True if the element is replaced (so it must be dropped).
     */
    private boolean replaced(int tag, boolean isSequence) throws IOException, InvalidDicomException {
        writeEditsBefore(tag);
        Edit edit = pending.remove(tag);
        if (edit == null) {
            return false;
        }
        if (edit.appendItem() && isSequence) {
            itemToAppend = edit;
            return false;
        }
        write(edit);
        return true;
    }

    private void writeEditsBefore(int tag) throws IOException, InvalidDicomException {
        while (!pending.isEmpty() && Integer.compareUnsigned(pending.firstKey(), tag) < 0) {
            write(pending.pollFirstEntry().getValue());
        }
    }

    private void write(Edit edit) throws IOException, InvalidDicomException {
        if (edit.appendItem()) {
            sequence(edit.tag(), 0, edit.body());
        } else {
            edit.body().write(this);
        }
    }
}
