// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

/**
 * What the gateway needs to know about one stored instance, read from its Part 10 file up to the
 * pixel data: the identifying UIDs, the patient and study attributes for indexing and manifests,
 * and the transfer syntax. Text values are decoded by the file's Specific Character Set and
 * trimmed; absent or empty values are null.
 *
 * @param patientName the raw DICOM person name ("Family^Given^Middle^Prefix^Suffix", with "="
 *     between alphabetic, ideographic and phonetic groups); personal data, never log it
 * @param patientBirthDate DA string (YYYYMMDD) as stored; personal data, never log it
 * @param specificCharacterSet the raw (0008,0005) value, e.g. "ISO_IR 100" or "\ISO 2022 IR 87"
 */
public record InstanceHeader(
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String transferSyntaxUid,
        String patientId,
        String issuerOfPatientId,
        String patientName,
        String patientBirthDate,
        String patientSex,
        String accessionNumber,
        String studyDate,
        String studyTime,
        String studyDescription,
        String modality,
        Integer seriesNumber,
        Integer instanceNumber,
        String specificCharacterSet) {

    /** Leaves out the patient's name and birth date, so the header can be logged. */
    @Override
    public String toString() {
        return "InstanceHeader[sopClass=" + sopClassUid + ", sopInstance=" + sopInstanceUid + ", study="
                + studyInstanceUid + ", series=" + seriesInstanceUid + ", ts=" + transferSyntaxUid + ", modality="
                + modality + "]";
    }
}
