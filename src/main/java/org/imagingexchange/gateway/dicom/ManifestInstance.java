// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.Objects;

/** One instance referenced by a KOS manifest: its SOP Class and SOP Instance UIDs. */
public record ManifestInstance(String sopClassUid, String sopInstanceUid) {

    public ManifestInstance {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    }
}
