// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InstanceHeader;

/**
 * The local PACS an import stores into and checks: the gateway's configured PACS (embedded store
 * or STOW-RS), or a DIMSE peer (C-STORE, C-FIND).
 */
interface ImportTarget {

    /** A coerced file ready to store, with its header as read back. */
    record Ready(Path file, InstanceHeader header) {}

    /**
     * Stores a batch. The answer names, per SOP Instance UID, a reason for every instance the
     * PACS refused (an empty map = all stored). An exception means the PACS could not be reached
     * or answered nothing usable: the whole batch is to be tried again later.
     */
    Map<String, String> store(List<Ready> batch) throws IOException;

    /**
     * Bookkeeping after {@link #store} answered, done by the worker while the next batch is sent
     * (the gateway's own index of what the PACS holds, for DICOMweb); {@code refused} are the
     * instances the PACS did not take.
     */
    default void afterStored(List<Ready> batch, Set<String> refused) {
    }

    /** The SOP Instance UIDs of the study that the PACS holds now. */
    Set<String> present(String studyUid) throws IOException;

    /** For logs: "embedded", "dicomweb", "dimse". */
    String kind();
}
