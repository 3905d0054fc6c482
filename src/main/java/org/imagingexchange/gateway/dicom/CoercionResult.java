// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;

/**
 * What {@link Coercion#coerce} did to one instance.
 *
 * @param original the instance's header before coercion
 * @param sopInstanceUid the SOP Instance UID of the written instance (after the UID map)
 * @param changedAttributes keywords of the attributes whose previous values went into the new
 *     Original Attributes Sequence item (e.g. "PatientID"), for logs; never values
 */
public record CoercionResult(InstanceHeader original, String sopInstanceUid, List<String> changedAttributes) {

    public CoercionResult {
        changedAttributes = List.copyOf(changedAttributes);
    }
}
