// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;

/** One study item of a KOS's Current Requested Procedure Evidence Sequence. */
public record KosStudy(String studyInstanceUid, List<KosSeries> series) {

    public KosStudy {
        series = List.copyOf(series);
    }
}
