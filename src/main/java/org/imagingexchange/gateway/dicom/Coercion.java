// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * IHE IRWF.b coercion of an imported instance (BRIEF section 9): the local patient identity,
 * demographics and accession number replace the foreign ones, the foreign Patient ID moves to Other
 * Patient IDs Sequence, UIDs are optionally re-mapped everywhere (so a KOS still points at its
 * re-identified images), and the previous values are kept in a new Original Attributes Sequence item.
 *
 * <pre>
 * try (OutputStream out = Files.newOutputStream(target)) {
 *     CoercionResult r = Coercion.coerce(imported, out, rules, DicomLimits.defaults());
 * }
 * </pre>
 *
 * Streams with flat memory whatever the instance size: a first pass finds what changes and where
 * the previous values are, a second pass copies the data set element by element in the same
 * transfer syntax (values, pixel data included, byte for byte; sequences get undefined lengths).
 */
public final class Coercion {

    private static final Logger LOG = Logger.getLogger(Coercion.class.getName());

    private Coercion() {
    }

    /**
     * Writes the coerced Part 10 file to {@code target} (flushed, not closed). Nothing is written
     * if the source is invalid or a new value does not fit it, since both are found in the first pass.
     *
     * @throws InvalidDicomException if the source is not a valid Part 10 instance, is over a limit, has
     *     top-level elements out of tag order, or a new text value cannot be encoded in its Specific
     *     Character Set
     * @throws IOException if the source cannot be read or the target written
     */
    public static CoercionResult coerce(Path source, OutputStream target, CoercionRules rules, DicomLimits limits)
            throws IOException, InvalidDicomException {
        InstanceHeader original = DicomFiles.readHeader(source, limits);
        UidMapping uids = new UidMapping(rules.uidMap());
        CoercionScan scan;
        List<Part10Input.MetaElement> meta;
        String ts;
        try (Part10Input in = Part10Input.open(source, limits)) {
            ts = in.transferSyntaxUid();
            meta = in.meta();
            scan = new CoercionScan(in.dataset(), TransferSyntaxes.isExplicitVr(ts), uids);
            in.parse(limits, scan);
        }
        CoercionPlan plan = CoercionPlan.of(rules, scan);
        List<String> changed = new ArrayList<>();
        List<Part10Input.MetaElement> newMeta = coerceMeta(meta, uids, changed);
        changed.addAll(plan.changedAttributes());

        OutputStream buffered = Part10Output.buffered(target);
        MetaHeaderWriter.write(buffered, newMeta);
        try (Part10Input in = Part10Input.open(source, limits); SourceRanges ranges = new SourceRanges(source, limits)) {
            Part10Output.dataset(buffered, ts, out -> {
                CoercionWriter writer = new CoercionWriter(new DatasetWriter(out, ts), out, ranges, uids, plan.edits());
                in.parse(limits, writer);
                writer.finish();
            });
        }
        buffered.flush();
        String sopInstanceUid = uids.map(original.sopInstanceUid());
        LOG.fine(() -> "coerced sop=" + original.sopInstanceUid() + " -> " + sopInstanceUid + " changed " + changed);
        return new CoercionResult(original, sopInstanceUid, changed);
    }

    /** The source's File Meta Information with its SOP Instance UID mapped, now written by this gateway. */
    private static List<Part10Input.MetaElement> coerceMeta(List<Part10Input.MetaElement> meta, UidMapping uids,
            List<String> changed) {
        List<Part10Input.MetaElement> out = new ArrayList<>();
        for (Part10Input.MetaElement e : meta) {
            byte[] value = e.value();
            if (e.tag() == Tags.MEDIA_STORAGE_SOP_INSTANCE_UID) {
                byte[] mapped = uids.remap(value);
                if (mapped != null) {
                    value = mapped;
                    changed.add("MediaStorageSOPInstanceUID");
                }
            } else if (e.tag() == Tags.IMPLEMENTATION_CLASS_UID) {
                value = MetaHeaderWriter.uid(Uids.IMPLEMENTATION_CLASS_UID);
            } else if (e.tag() == Tags.IMPLEMENTATION_VERSION_NAME) {
                value = MetaHeaderWriter.text(Uids.IMPLEMENTATION_VERSION_NAME);
            }
            out.add(new Part10Input.MetaElement(e.tag(), e.vr(), value));
        }
        return out;
    }
}
