// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One finished import (IRWF.b), recorded as DICOM "Import" (110107, action C): the local patient
 * the study now belongs to and the outside ids it came with, the studies stored, and where they
 * came from (a partner community, or media).
 *
 * @param localPatientCx     the local patient as a CX id ({@code id^^^&oid&ISO})
 * @param originalPatientCx  the outside ids the instances carried, as CX ids
 * @param sourceCommunity    the partner's homeCommunityId, or null for media
 * @param mediaName          the upload's name for media, or null
 */
public record ImportAuditEvent(boolean success, String description, String localPatientCx,
                               List<String> originalPatientCx, List<String> studyUids, String sourceCommunity,
                               String mediaName, Instant time) {
    public ImportAuditEvent {
        originalPatientCx = List.copyOf(originalPatientCx);
        studyUids = List.copyOf(studyUids);
    }
}
