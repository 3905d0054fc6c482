// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;
import java.util.Objects;

/** One series of a {@link StudyManifest}; {@code modality} may be null. */
public record ManifestSeries(String seriesInstanceUid, String modality, List<ManifestInstance> instances) {

    public ManifestSeries {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        instances = List.copyOf(instances);
    }
}
