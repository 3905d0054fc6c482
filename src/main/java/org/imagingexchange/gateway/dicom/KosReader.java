// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Reads a KOS imaging manifest (RAD-68 / ITI-43 / ITI-39 document) to find what to retrieve and
 * from where: its evidence sequence lists studies, series with their Retrieve AE Title and
 * Retrieve Location UID, and SOP instances. The file is untrusted (it may come from a partner
 * community), so it is parsed with the same limits as images and only the needed values are kept.
 *
 * <pre>
 * KosManifest kos = KosReader.read(file);
 * kos.series().forEach(s -&gt; retrieve(s.retrieveLocationUid(), s.instances()));
 * </pre>
 */
public final class KosReader {

    private static final Logger LOG = Logger.getLogger(KosReader.class.getName());
    /** Bounds the kept values (two per reference): about 250,000 references, far above real studies. */
    private static final long MAX_VALUES = 500_000;
    private static final Set<Integer> VALUES = Set.of(Tags.SOP_CLASS_UID, Tags.SOP_INSTANCE_UID,
            Tags.SERIES_INSTANCE_UID, Tags.STUDY_INSTANCE_UID, Tags.PATIENT_ID, Tags.ISSUER_OF_PATIENT_ID,
            Tags.ACCESSION_NUMBER, Tags.SPECIFIC_CHARACTER_SET, Tags.RETRIEVE_AE_TITLE, Tags.RETRIEVE_LOCATION_UID,
            Tags.REFERENCED_SOP_CLASS_UID, Tags.REFERENCED_SOP_INSTANCE_UID);
    private static final Set<Integer> SEQUENCES = Set.of(Tags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE,
            Tags.REFERENCED_SERIES_SEQUENCE, Tags.REFERENCED_SOP_SEQUENCE);

    private KosReader() {
    }

    public static KosManifest read(Path file) throws IOException, InvalidDicomException {
        return read(file, DicomLimits.defaults());
    }

    public static KosManifest read(Path file, DicomLimits limits) throws IOException, InvalidDicomException {
        try (Part10Input in = Part10Input.open(file, limits)) {
            return read(in, limits);
        }
    }

    /** Reads a KOS Part 10 stream; the stream is closed. */
    public static KosManifest read(InputStream stream) throws IOException, InvalidDicomException {
        return read(stream, DicomLimits.defaults());
    }

    public static KosManifest read(InputStream stream, DicomLimits limits) throws IOException, InvalidDicomException {
        try (Part10Input in = Part10Input.open(stream, -1, limits)) {
            return read(in, limits);
        }
    }

    private static KosManifest read(Part10Input in, DicomLimits limits) throws IOException, InvalidDicomException {
        TreeCollector tree = new TreeCollector(VALUES, SEQUENCES, MAX_VALUES);
        in.parse(limits, tree);
        TreeCollector.Node root = tree.root();
        String sopClass = ascii(root, Tags.SOP_CLASS_UID);
        if (!KosWriter.KOS_SOP_CLASS_UID.equals(sopClass)) {
            throw new InvalidDicomException(Kind.UNSUPPORTED, "not a Key Object Selection document (SOP Class "
                    + sopClass + ")");
        }
        DicomText text = DicomText.of(root.values.get(Tags.SPECIFIC_CHARACTER_SET));
        Set<String> seen = new HashSet<>();
        int[] duplicates = {0};
        List<KosStudy> studies = new ArrayList<>();
        for (TreeCollector.Node s : root.items(Tags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE)) {
            List<KosSeries> series = new ArrayList<>();
            for (TreeCollector.Node se : s.items(Tags.REFERENCED_SERIES_SEQUENCE)) {
                List<ManifestInstance> instances = new ArrayList<>();
                for (TreeCollector.Node ref : se.items(Tags.REFERENCED_SOP_SEQUENCE)) {
                    String cls = ascii(ref, Tags.REFERENCED_SOP_CLASS_UID);
                    String uid = ascii(ref, Tags.REFERENCED_SOP_INSTANCE_UID);
                    if (cls == null || uid == null) {
                        throw new InvalidDicomException(Kind.MISSING_ATTRIBUTE, "a KOS reference lacks its SOP Class or Instance UID");
                    }
                    if (seen.add(uid)) {
                        instances.add(new ManifestInstance(cls, uid));
                    } else {
                        duplicates[0]++;
                    }
                }
                series.add(new KosSeries(required(se, Tags.SERIES_INSTANCE_UID, "Series Instance UID"),
                        ascii(se, Tags.RETRIEVE_AE_TITLE), ascii(se, Tags.RETRIEVE_LOCATION_UID), instances));
            }
            studies.add(new KosStudy(required(s, Tags.STUDY_INSTANCE_UID, "Study Instance UID"), series));
        }
        String sopInstance = required(root, Tags.SOP_INSTANCE_UID, "SOP Instance UID");
        if (duplicates[0] > 0) {
            LOG.fine(() -> "KOS " + sopInstance + " repeats " + duplicates[0] + " references; each kept once");
        }
        return new KosManifest(sopInstance, ascii(root, Tags.SERIES_INSTANCE_UID),
                required(root, Tags.STUDY_INSTANCE_UID, "Study Instance UID"), text(root, text, Tags.PATIENT_ID),
                text(root, text, Tags.ISSUER_OF_PATIENT_ID), text(root, text, Tags.ACCESSION_NUMBER), studies,
                duplicates[0]);
    }

    private static String required(TreeCollector.Node node, int tag, String name) throws InvalidDicomException {
        String v = ascii(node, tag);
        if (v == null) {
            throw new InvalidDicomException(Kind.MISSING_ATTRIBUTE, "KOS lacks " + name + " " + Tags.format(tag));
        }
        return v;
    }

    private static String ascii(TreeCollector.Node node, int tag) {
        byte[] b = node.values.get(tag);
        String s = b == null ? null : DicomText.ascii(b);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String text(TreeCollector.Node node, DicomText text, int tag) {
        byte[] b = node.values.get(tag);
        String s = b == null ? null : text.decode(b);
        return s == null || s.isEmpty() ? null : s;
    }
}
