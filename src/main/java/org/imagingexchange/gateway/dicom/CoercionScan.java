// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * First pass of a {@link Coercion}: walks the whole data set (values skipped unless needed) and
 * notes where each top-level element the coercion may replace starts and ends, so that the write
 * pass can copy its previous value byte for byte into the Original Attributes Sequence, which is
 * written before elements of higher tags that may still hold mapped UIDs (e.g. per-frame functional
 * groups). Also keeps the few small values the coercion compares, and checks the top level is in
 * ascending tag order (new elements are inserted by tag).
 */
final class CoercionScan implements DatasetHandler {

    /** The encoded bytes of one top-level element in the source data set: [start, end). */
    record Range(int tag, long start, long end) {
    }

    /** Top-level elements the coercion may replace; their position is always noted. */
    static final Set<Integer> WATCHED = Set.of(Tags.ACCESSION_NUMBER, Tags.ISSUER_OF_ACCESSION_NUMBER_SEQUENCE,
            Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.ISSUER_OF_PATIENT_ID,
            Tags.ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE, Tags.PATIENT_BIRTH_DATE, Tags.PATIENT_SEX,
            Tags.OTHER_PATIENT_IDS_SEQUENCE, Tags.ORIGINAL_ATTRIBUTES_SEQUENCE);
    /** Small text values compared with the new ones (an unchanged value is not recorded as modified). */
    private static final Set<Integer> KEPT = Set.of(Tags.SPECIFIC_CHARACTER_SET, Tags.ACCESSION_NUMBER,
            Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.ISSUER_OF_PATIENT_ID, Tags.PATIENT_BIRTH_DATE, Tags.PATIENT_SEX);
    private static final int MAX_KEPT_VALUE = 64 * 1024;

    private final DicomInput in;
    private final boolean explicit;
    private final UidMapping uids;
    private final Map<Integer, byte[]> values = new HashMap<>();
    private final Map<Integer, Range> ranges = new HashMap<>();
    private final Set<Integer> remapped = new HashSet<>();
    private long lastTag = -1;
    private int topTag;
    private long topStart;
    private boolean topTouched;
    private boolean inHistory;

    CoercionScan(DicomInput in, boolean explicit, UidMapping uids) {
        this.in = in;
        this.explicit = explicit;
        this.uids = uids;
    }

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        long valueStart = in.position();
        boolean mapped = false;
        if (!inHistory && uids.applies(vr, length)) {
            mapped = uids.remap(value.bytes(UidMapping.MAX_VALUE)) != null;
        } else if (depth == 0 && KEPT.contains(tag)) {
            values.put(tag, value.bytes(MAX_KEPT_VALUE));
        }
        if (depth > 0) {
            topTouched |= mapped;
            return;
        }
        checkOrder(tag);
        if (WATCHED.contains(tag) || mapped) {
            ranges.put(tag, new Range(tag, valueStart - headerLength(vr), valueStart + length));
        }
        if (mapped) {
            remapped.add(tag);
        }
    }

    @Override
    public void startSequence(int tag, int depth) throws InvalidDicomException {
        if (depth > 0) {
            return;
        }
        checkOrder(tag);
        topTag = tag;
        topStart = in.position() - (explicit ? 12 : 8);
        topTouched = false;
        inHistory = tag == Tags.ORIGINAL_ATTRIBUTES_SEQUENCE;
    }

    @Override
    public void endSequence(int depth) {
        if (depth > 0) {
            return;
        }
        if (WATCHED.contains(topTag) || topTouched) {
            ranges.put(topTag, new Range(topTag, topStart, in.position()));
        }
        if (topTouched) {
            remapped.add(topTag);
        }
        inHistory = false;
    }

    @Override
    public void startFragments(int tag, String vr, int depth) throws InvalidDicomException {
        if (depth == 0) {
            checkOrder(tag);
        }
    }

    private void checkOrder(int tag) throws InvalidDicomException {
        long t = Integer.toUnsignedLong(tag);
        if (t <= lastTag) {
            throw new InvalidDicomException(Kind.MALFORMED, "data set elements are not in ascending tag order at "
                    + Tags.format(tag) + ": coercion inserts elements by tag and cannot place them");
        }
        lastTag = t;
    }

    private int headerLength(String vr) {
        return explicit && Vrs.isLongForm(vr) ? 12 : 8;
    }

    /** The raw value of a kept top-level element, or null if absent. */
    byte[] value(int tag) {
        return values.get(tag);
    }

    /** Where a watched or remapped top-level element is in the source, or null if absent. */
    Range range(int tag) {
        return ranges.get(tag);
    }

    /** Top-level elements holding a mapped UID, at their own level or nested. */
    Set<Integer> remapped() {
        return remapped;
    }
}
