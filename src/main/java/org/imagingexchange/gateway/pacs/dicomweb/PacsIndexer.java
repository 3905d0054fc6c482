// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.InvalidDicomException;
import org.imagingexchange.gateway.dicom.MetaHeader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Fronting an existing archive: finds by QIDO-RS the studies the external PACS holds and indexes
 * the instances the gateway does not know yet, so they can be published (KOS) and served
 * (RAD-69 streams them by WADO-RS). No pixel data is copied; when QIDO does not tell an
 * instance's transfer syntax (Orthanc does not), only the first bytes of its WADO-RS stream are
 * read to learn it from the meta header.
 */
public final class PacsIndexer {
    private static final Logger LOG = Logger.getLogger(PacsIndexer.class.getName());

    private final Database db;
    private final DicomWebClient client;
    private final IngestService ingest;

    public PacsIndexer(Database db, DicomWebClient client, IngestService ingest) {
        this.db = db;
        this.client = client;
        this.ingest = ingest;
    }

    /** One pass over the archive; returns how many instances were newly indexed. */
    public int scan() throws IOException {
        long start = System.nanoTime();
        int indexed = 0;
        List<QidoStudy> studies = client.searchStudies(Map.of("includefield", "00081030"));
        for (QidoStudy study : studies) {
            Set<String> known = knownInstances(study.studyInstanceUid());
            if (study.numberOfInstances() != null && known.size() >= study.numberOfInstances()) {
                continue;
            }
            for (QidoInstance instance : client.searchInstances(study.studyInstanceUid())) {
                if (instance.sopInstanceUid() == null || known.contains(instance.sopInstanceUid())) {
                    continue;
                }
                try {
                    String ts = instance.transferSyntaxUid() != null ? instance.transferSyntaxUid()
                            : transferSyntaxOf(instance);
                    if (ingest.indexExisting(header(study, instance, ts), DicomWebPacs.LOCATION)
                            == IngestService.Outcome.STORED) {
                        indexed++;
                    }
                } catch (IOException | InvalidDicomException | RuntimeException e) {
                    LOG.warning(() -> "PACS index skipped sop=" + instance.sopInstanceUid() + ": " + e.getMessage());
                }
            }
        }
        int count = indexed;
        LOG.log(count > 0 ? java.util.logging.Level.INFO : java.util.logging.Level.FINE, () -> String.format("PACS index scan studies=%d new-instances=%d %d ms", studies.size(), count,
                (System.nanoTime() - start) / 1_000_000));
        return indexed;
    }

    private Set<String> knownInstances(String studyUid) {
        return new HashSet<>(db.inTransaction(em -> em.createQuery(
                        "select i.sopInstanceUid from InstanceEntity i where i.studyUid = :s", String.class)
                .setParameter("s", studyUid).getResultList()));
    }

    private String transferSyntaxOf(QidoInstance i) throws IOException, InvalidDicomException {
        try (InputStream in = client.retrieveInstance(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid())) {
            return MetaHeader.transferSyntax(in);
        }
    }

    private static InstanceHeader header(QidoStudy s, QidoInstance i, String ts) {
        return new InstanceHeader(i.sopClassUid(), i.sopInstanceUid(), s.studyInstanceUid(), i.seriesInstanceUid(), ts,
                s.patientId(), s.issuerOfPatientId(), s.patientName(), s.birthDate(), s.sex(), s.accessionNumber(),
                s.studyDate(), s.studyTime(), s.description(), i.modality(), i.seriesNumber(), i.instanceNumber(), null);
    }
}
