// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.ingest.InstanceEntity;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexing a study that already lives in a real Orthanc, without copying it. */
class PacsIndexerTest {
    @TempDir
    Path dir;

    @Test
    void indexesWhatThePacsHoldsOnceWithItsTransferSyntax() throws Exception {
        NistStudy study = NistStudy.load();
        try (OrthancPeer orthanc = OrthancPeer.start();
             Database db = Database.open(new Database.Settings("", "", "", dir, 2))) {
            orthanc.upload(study.files.toArray(Path[]::new));
            DicomWebPacs pacs = new DicomWebPacs(orthanc.dicomWebUrl());
            IngestService ingest = new IngestService(db, pacs, "1.2.3.4", Clock.systemUTC());
            PacsIndexer indexer = new PacsIndexer(db, pacs.client(), ingest);

            assertEquals(36, indexer.scan());
            assertEquals(0, indexer.scan(), "a second pass finds nothing new");

            List<InstanceEntity> rows = db.inTransaction(em -> em.createQuery(
                    "select i from InstanceEntity i where i.studyUid = :s", InstanceEntity.class)
                    .setParameter("s", NistStudy.STUDY_UID).getResultList());
            assertEquals(36, rows.size());
            rows.forEach(r -> {
                assertEquals("1.2.840.10008.1.2.1", r.getTransferSyntax());
                assertEquals(DicomWebPacs.LOCATION, r.getLocation());
                assertEquals(study.seriesBySop.get(r.getSopInstanceUid()), r.getSeriesUid());
            });
        }
    }
}
