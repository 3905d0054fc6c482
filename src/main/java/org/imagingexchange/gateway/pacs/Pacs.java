// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the DICOM instances the gateway serves live: its own file store, or an external PACS.
 * Everything above this interface sees UIDs and streams, never the store's protocol.
 */
public interface Pacs {

    /** Names the back end in logs and the study index ("EMBEDDED", "PACS"). */
    String kind();

    /**
     * Stores one Part 10 file and returns the location to keep in the index. The caller keeps
     * ownership of {@code part10File} (it deletes it afterwards).
     */
    String store(Path part10File, InstanceAddress address) throws IOException;

    /** Opens the stored Part 10 bytes for streaming; the caller closes the stream. */
    InputStream open(InstanceAddress address, String location) throws IOException;

    /** True when the back end answers (readiness). */
    boolean isUp();

    /** The three UIDs that address an instance in any PACS. */
    record InstanceAddress(String studyUid, String seriesUid, String sopInstanceUid) {
        private static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)*");

        public InstanceAddress {
            requireUid(studyUid, "Study Instance UID");
            requireUid(seriesUid, "Series Instance UID");
            requireUid(sopInstanceUid, "SOP Instance UID");
        }

        private static void requireUid(String uid, String what) {
            if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
                throw new IllegalArgumentException("invalid " + what);
            }
        }
    }
}
