// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.util.List;

/**
 * One study from a QIDO-RS {@code /studies} answer (PS3.18 10.6.3.3.1 study-level attributes).
 * Every text field is null when the origin server left it out; values keep their DICOM form
 * (dates {@code YYYYMMDD}, times {@code HHMMSS.FFFFFF}, person names {@code
 * Alphabetic=Ideographic=Phonetic}).
 *
 * @param studyInstanceUid  (0020,000D)
 * @param patientId         (0010,0020)
 * @param issuerOfPatientId (0010,0021), asked for with includefield; often absent
 * @param patientName       (0010,0010)
 * @param birthDate         (0010,0030)
 * @param sex               (0010,0040)
 * @param studyDate         (0008,0020)
 * @param studyTime         (0008,0030)
 * @param accessionNumber   (0008,0050)
 * @param description       (0008,1030), asked for with includefield
 * @param modalitiesInStudy (0008,0061), empty when absent
 * @param numberOfInstances (0020,1208) NumberOfStudyRelatedInstances, null when absent
 */
public record QidoStudy(
        String studyInstanceUid,
        String patientId,
        String issuerOfPatientId,
        String patientName,
        String birthDate,
        String sex,
        String studyDate,
        String studyTime,
        String accessionNumber,
        String description,
        List<String> modalitiesInStudy,
        Integer numberOfInstances) {

    public QidoStudy {
        modalitiesInStudy = modalitiesInStudy == null ? List.of() : List.copyOf(modalitiesInStudy);
    }

    static QidoStudy from(DicomJsonDataset d) {
        return new QidoStudy(
                d.string(Tags.STUDY_INSTANCE_UID),
                d.string(Tags.PATIENT_ID),
                d.string(Tags.ISSUER_OF_PATIENT_ID),
                d.string(Tags.PATIENT_NAME),
                d.string(Tags.PATIENT_BIRTH_DATE),
                d.string(Tags.PATIENT_SEX),
                d.string(Tags.STUDY_DATE),
                d.string(Tags.STUDY_TIME),
                d.string(Tags.ACCESSION_NUMBER),
                d.string(Tags.STUDY_DESCRIPTION),
                d.strings(Tags.MODALITIES_IN_STUDY),
                d.integer(Tags.NUMBER_OF_STUDY_RELATED_INSTANCES));
    }
}
