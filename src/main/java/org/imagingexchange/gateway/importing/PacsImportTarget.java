// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.ingest.InstanceEntity;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebPacs;
import org.imagingexchange.gateway.pacs.dicomweb.QidoInstance;
import org.imagingexchange.gateway.pacs.dicomweb.StowResult;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Imports into the gateway's own PACS ({@code GATEWAY_PACS}): the embedded store through ingest,
 * or a DICOMweb PACS by STOW-RS in batches (one request per batch), indexed afterwards so the
 * study can be published and served like any other. Verification asks the PACS itself: QIDO-RS,
 * or for the embedded store the index and the files on disk.
 */
final class PacsImportTarget implements ImportTarget {
    private final Database db;
    private final Pacs pacs;
    private final IngestService ingest;

    PacsImportTarget(Database db, Pacs pacs, IngestService ingest) {
        this.db = db;
        this.pacs = pacs;
        this.ingest = ingest;
    }

    @Override
    public String kind() {
        return pacs instanceof DicomWebPacs ? "dicomweb" : "embedded";
    }

    @Override
    public Map<String, String> store(List<Ready> batch) throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        if (pacs instanceof DicomWebPacs web) {
            StowResult result = web.client().store(batch.stream().map(Ready::file).toList());
            result.failed().forEach(f -> refused.put(f.sopInstanceUid(),
                    "the PACS refused it (STOW-RS failure reason " + f.failureReason() + ")"));
            if (result.stored().isEmpty() && result.failed().isEmpty()) {
                throw new IOException("STOW-RS answered " + result.httpStatus() + " without naming any instance");
            }
            return refused;
        }
        for (Ready r : batch) {
            ingest.ingest(r.file(), r.header()); // a duplicate SOP Instance UID is acknowledged and dropped
        }
        return refused;
    }

    /** Indexes what a DICOMweb PACS took, so the study can be published and served (the embedded store indexes itself). */
    @Override
    public void afterStored(List<Ready> batch, Set<String> refused) {
        ImportTarget.indexInOwnPacs(pacs, ingest, batch, refused);
    }

    @Override
    public Set<String> present(String studyUid) throws IOException {
        Set<String> uids = new HashSet<>();
        if (pacs instanceof DicomWebPacs web) {
            for (QidoInstance i : web.client().searchInstances(studyUid)) {
                uids.add(i.sopInstanceUid());
            }
            return uids;
        }
        List<InstanceEntity> indexed = db.inTransaction(em -> em.createQuery(
                        "select i from InstanceEntity i where i.studyUid = :s", InstanceEntity.class)
                .setParameter("s", studyUid).getResultList());
        for (InstanceEntity i : indexed) {
            Path file = pacs instanceof EmbeddedStore store ? store.file(i.getLocation()) : null;
            if (file == null || Files.isRegularFile(file)) {
                uids.add(i.getSopInstanceUid());
            }
        }
        return uids;
    }

}
