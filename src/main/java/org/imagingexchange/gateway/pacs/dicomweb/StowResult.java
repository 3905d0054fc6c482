// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one STOW-RS request, per SOP instance, from the Store Instances Response Module
 * (PS3.18 10.5.3, PS3.4 Table CC.2.5-1).
 *
 * <p>Servers do not report every part: Orthanc 1.10 answers a part that is not DICOM at all with
 * neither a ReferencedSOPSequence nor a FailedSOPSequence item (it cannot know the UIDs), so
 * {@link #allStored()} also compares the counts with the number of parts sent.
 *
 * @param httpStatus 200 (all stored), 202 (stored with warnings or some failed), 400 or 409
 *     (failures); other statuses raise {@link DicomWebException} instead
 * @param partsSent  how many Part 10 files were in the request
 * @param stored     ReferencedSOPSequence (0008,1199) items
 * @param failed     FailedSOPSequence (0008,1198) items
 */
public record StowResult(int httpStatus, int partsSent, List<Stored> stored, List<Failed> failed) {

    public StowResult {
        stored = List.copyOf(stored);
        failed = List.copyOf(failed);
    }

    /** True when every part sent came back in the ReferencedSOPSequence and none failed. */
    public boolean allStored() {
        return failed.isEmpty() && stored.size() == partsSent;
    }

    /** Parts the server mentioned neither as stored nor as failed. */
    public int unreported() {
        return Math.max(0, partsSent - stored.size() - failed.size());
    }

    /**
     * A stored instance.
     *
     * @param warningReason (0008,1196), e.g. 0xB000 coercion of data elements; null when none
     */
    public record Stored(String sopClassUid, String sopInstanceUid, Integer warningReason) {
    }

    /**
     * An instance the server refused.
     *
     * @param failureReason (0008,1197), e.g. 0xA700 out of resources, 0xC000 cannot understand;
     *     null when the server gave none
     */
    public record Failed(String sopClassUid, String sopInstanceUid, Integer failureReason) {
    }

    static StowResult from(int httpStatus, int partsSent, DicomJsonDataset response) {
        List<Stored> stored = new ArrayList<>();
        for (DicomJsonDataset item : response.sequence(Tags.REFERENCED_SOP_SEQUENCE)) {
            stored.add(new Stored(item.string(Tags.REFERENCED_SOP_CLASS_UID),
                    item.string(Tags.REFERENCED_SOP_INSTANCE_UID), item.integer(Tags.WARNING_REASON)));
        }
        List<Failed> failed = new ArrayList<>();
        for (DicomJsonDataset item : response.sequence(Tags.FAILED_SOP_SEQUENCE)) {
            failed.add(new Failed(item.string(Tags.REFERENCED_SOP_CLASS_UID),
                    item.string(Tags.REFERENCED_SOP_INSTANCE_UID), item.integer(Tags.FAILURE_REASON)));
        }
        return new StowResult(httpStatus, partsSent, stored, failed);
    }
}
