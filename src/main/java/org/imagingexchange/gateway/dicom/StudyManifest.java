// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;
import java.util.Objects;

/**
 * What a RAD-68 imaging manifest (a Key Object Selection document, IHE RAD TF-3 4.68.4.1) says
 * about one study: the patient and study attributes it copies, where the instances can be
 * retrieved (the Imaging Document Source's AE title and its XDS repository unique id, used as
 * Retrieve Location UID), and the instances by series. Values are DICOM strings (DA, TM, PN);
 * nullable ones are written empty.
 *
 * @param patientName DICOM person name; personal data, never log it
 * @param patientBirthDate DA (YYYYMMDD); personal data, never log it
 * @param retrieveLocationUid the XDS repositoryUniqueId that serves the instances (RAD-69)
 */
public record StudyManifest(
        String patientId,
        String issuerOfPatientId,
        String patientName,
        String patientBirthDate,
        String patientSex,
        String studyInstanceUid,
        String accessionNumber,
        String issuerOfAccessionNumber,
        String studyDate,
        String studyTime,
        String studyDescription,
        String retrieveAeTitle,
        String retrieveLocationUid,
        List<ManifestSeries> series) {

    public StudyManifest {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        series = List.copyOf(series);
    }

    /** Number of instances over all series. */
    public int instanceCount() {
        return series.stream().mapToInt(s -> s.instances().size()).sum();
    }

    /** Leaves out the patient's name and birth date, so the manifest can be logged. */
    @Override
    public String toString() {
        return "StudyManifest[study=" + studyInstanceUid + ", series=" + series.size() + ", instances="
                + instanceCount() + ", retrieveAe=" + retrieveAeTitle + ", retrieveLocation=" + retrieveLocationUid + "]";
    }
}
