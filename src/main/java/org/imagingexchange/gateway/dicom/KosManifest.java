// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;
import java.util.stream.Stream;

/**
 * A KOS manifest as read by {@link KosReader}: the KOS's own identity, the patient and study it
 * is filed under, and the referenced instances by study and series, each SOP instance once.
 *
 * @param sopInstanceUid the KOS document's own SOP Instance UID
 * @param duplicateReferences how many repeated references to an already listed SOP instance were
 *     dropped (real manifests repeat them, e.g. one per stored transfer syntax)
 */
public record KosManifest(
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        String patientId,
        String issuerOfPatientId,
        String accessionNumber,
        List<KosStudy> studies,
        int duplicateReferences) {

    public KosManifest {
        studies = List.copyOf(studies);
    }

    /** All referenced series, over all studies. */
    public Stream<KosSeries> series() {
        return studies.stream().flatMap(s -> s.series().stream());
    }

    /** All referenced instances (distinct), over all studies and series. */
    public List<ManifestInstance> instances() {
        return series().flatMap(s -> s.instances().stream()).toList();
    }
}
