// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Keeps the top-level values {@link InstanceHeader} is built from and stops the parser at the
 * pixel data, so reading a header costs the same for a 100 kB and a 4 GB instance.
 */
final class HeaderCollector implements DatasetHandler {

    private static final int FIRST_PIXEL_DATA_TAG = 0x7FE00008;
    private static final int MAX_VALUE = 64 * 1024;
    private static final Set<Integer> WANTED = Set.of(Tags.SPECIFIC_CHARACTER_SET, Tags.SOP_CLASS_UID,
            Tags.SOP_INSTANCE_UID, Tags.STUDY_DATE, Tags.STUDY_TIME, Tags.ACCESSION_NUMBER, Tags.MODALITY,
            Tags.STUDY_DESCRIPTION, Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.ISSUER_OF_PATIENT_ID,
            Tags.PATIENT_BIRTH_DATE, Tags.PATIENT_SEX, Tags.STUDY_INSTANCE_UID, Tags.SERIES_INSTANCE_UID,
            Tags.SERIES_NUMBER, Tags.INSTANCE_NUMBER);

    private final Map<Integer, byte[]> values = new HashMap<>();

    @Override
    public boolean proceed(int tag, int depth) {
        return depth > 0 || Integer.compareUnsigned(tag, FIRST_PIXEL_DATA_TAG) < 0;
    }

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        if (depth == 0 && WANTED.contains(tag)) {
            values.put(tag, value.bytes(MAX_VALUE));
        }
    }

    /** Builds the header; requires the four UIDs that identify an instance. */
    InstanceHeader header(String transferSyntaxUid, String metaSopClassUid) throws InvalidDicomException {
        String sopClass = ascii(Tags.SOP_CLASS_UID);
        if (sopClass == null && "1.2.840.10008.1.3.10".equals(metaSopClassUid)) {
            throw new InvalidDicomException(Kind.NOT_AN_INSTANCE,
                    "a DICOMDIR (Media Storage Directory) is not a composite instance");
        }
        DicomText text = DicomText.of(values.get(Tags.SPECIFIC_CHARACTER_SET));
        return new InstanceHeader(
                required(Tags.SOP_CLASS_UID, "SOP Class UID"),
                required(Tags.SOP_INSTANCE_UID, "SOP Instance UID"),
                required(Tags.STUDY_INSTANCE_UID, "Study Instance UID"),
                required(Tags.SERIES_INSTANCE_UID, "Series Instance UID"),
                transferSyntaxUid,
                text(text, Tags.PATIENT_ID),
                text(text, Tags.ISSUER_OF_PATIENT_ID),
                text(text, Tags.PATIENT_NAME),
                ascii(Tags.PATIENT_BIRTH_DATE),
                ascii(Tags.PATIENT_SEX),
                text(text, Tags.ACCESSION_NUMBER),
                ascii(Tags.STUDY_DATE),
                ascii(Tags.STUDY_TIME),
                text(text, Tags.STUDY_DESCRIPTION),
                ascii(Tags.MODALITY),
                integer(Tags.SERIES_NUMBER),
                integer(Tags.INSTANCE_NUMBER),
                ascii(Tags.SPECIFIC_CHARACTER_SET));
    }

    private String required(int tag, String name) throws InvalidDicomException {
        String v = ascii(tag);
        if (v == null) {
            throw new InvalidDicomException(Kind.MISSING_ATTRIBUTE, "no " + name + " " + Tags.format(tag));
        }
        return v;
    }

    private String ascii(int tag) {
        byte[] b = values.get(tag);
        return b == null ? null : emptyToNull(DicomText.ascii(b));
    }

    private String text(DicomText text, int tag) {
        byte[] b = values.get(tag);
        return b == null ? null : emptyToNull(text.decode(b));
    }

    /** IS values that do not parse (seen in the wild, e.g. "1.0") give null rather than a rejection. */
    private Integer integer(int tag) {
        String s = ascii(tag);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.contains("\\") ? s.substring(0, s.indexOf('\\')).trim() : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
