// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebPacs;

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

    /**
     * Indexes what the PACS took when the gateway's own PACS is that archive seen by DICOMweb, so
     * the study is published and served like any other (the embedded store indexes itself).
     */
    static void indexInOwnPacs(Pacs pacs, IngestService ingest, List<Ready> batch, Set<String> refused) {
        if (pacs instanceof DicomWebPacs) {
            ingest.indexExisting(batch.stream().map(Ready::header)
                    .filter(h -> !refused.contains(h.sopInstanceUid())).toList(), DicomWebPacs.LOCATION);
        }
    }

    /** The SOP Instance UIDs of the study that the PACS holds now. */
    Set<String> present(String studyUid) throws IOException;

    /** For logs: "embedded", "dicomweb", "dimse". */
    String kind();
}
