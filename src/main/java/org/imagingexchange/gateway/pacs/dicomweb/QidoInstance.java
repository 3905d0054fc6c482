// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

/**
 * One instance from a QIDO-RS {@code /studies/{uid}/instances} answer (PS3.18 10.6.3.3.3).
 *
 * @param studyInstanceUid  (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param sopClassUid       (0008,0016)
 * @param sopInstanceUid    (0008,0018)
 * @param modality          (0008,0060)
 * @param seriesNumber      (0020,0011), null when absent
 * @param instanceNumber    (0020,0013), null when absent
 * @param transferSyntaxUid the stored transfer syntax when the server tells it, from (0008,3002)
 *     AvailableTransferSyntaxUID or (0002,0010); null otherwise. Orthanc 1.10 with DICOMweb
 *     plugin 1.7 gives neither, even with {@code includefield}, so callers must not rely on it.
 */
public record QidoInstance(
        String studyInstanceUid,
        String seriesInstanceUid,
        String sopClassUid,
        String sopInstanceUid,
        String modality,
        Integer seriesNumber,
        Integer instanceNumber,
        String transferSyntaxUid) {

    static QidoInstance from(DicomJsonDataset d, String studyUidAskedFor) {
        String study = d.string(Tags.STUDY_INSTANCE_UID);
        String ts = d.string(Tags.AVAILABLE_TRANSFER_SYNTAX_UID);
        return new QidoInstance(
                study != null ? study : studyUidAskedFor,
                d.string(Tags.SERIES_INSTANCE_UID),
                d.string(Tags.SOP_CLASS_UID),
                d.string(Tags.SOP_INSTANCE_UID),
                d.string(Tags.MODALITY),
                d.integer(Tags.SERIES_NUMBER),
                d.integer(Tags.INSTANCE_NUMBER),
                ts != null ? ts : d.string(Tags.TRANSFER_SYNTAX_UID));
    }
}
