// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;

/**
 * One Referenced Series item of a KOS evidence sequence: where its instances can be retrieved
 * (Retrieve AE Title, and Retrieve Location UID, which XDS-I.b sets to the repository unique id
 * to send RAD-69 to) and the instances. Retrieve values may be null when the KOS has none.
 */
public record KosSeries(String seriesInstanceUid, String retrieveAeTitle, String retrieveLocationUid,
        List<ManifestInstance> instances) {

    public KosSeries {
        instances = List.copyOf(instances);
    }
}
