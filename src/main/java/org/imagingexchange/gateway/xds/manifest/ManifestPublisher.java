// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.manifest;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.dicom.KosWriter;
import org.imagingexchange.gateway.dicom.ManifestInstance;
import org.imagingexchange.gateway.dicom.ManifestSeries;
import org.imagingexchange.gateway.dicom.StudyManifest;
import org.imagingexchange.gateway.dicom.Uids;
import org.imagingexchange.gateway.ingest.InstanceEntity;
import org.imagingexchange.gateway.ingest.PatientEntity;
import org.imagingexchange.gateway.ingest.StudyEntity;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.xds.repository.RepositoryService;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * RAD-68 on our own study index: once a study has been stable for the configured time and
 * holds instances its current manifest does not list, builds a KOS manifest of every instance
 * and provides-and-registers it to the repository; a later manifest replaces the earlier one
 * (RPLC), so consumers always find exactly one approved manifest per study.
 */
public final class ManifestPublisher {
    private static final Logger LOG = Logger.getLogger(ManifestPublisher.class.getName());

    /** Where manifests say the instances can be retrieved from. */
    public record Settings(String repositoryUniqueId, String retrieveAeTitle, String sourceOid,
                           Duration stableTime, Path workDir) {}

    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

    private final Database db;
    private final RepositoryService repository;
    private final Settings settings;
    private final Clock clock;

    public ManifestPublisher(Database db, RepositoryService repository, Settings settings, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
    }

    /** One pass: publishes every study that is due. Returns how many manifests were registered. */
    public int publishDue() {
        Instant cutoff = clock.instant().minus(settings.stableTime());
        List<String> due = db.inTransaction(em -> em.createQuery(
                        "select s.studyUid from StudyEntity s where s.updatedAt <= :cutoff and s.manifestInstanceCount <> "
                                + "(select count(i) from InstanceEntity i where i.studyUid = s.studyUid)", String.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(100)
                .getResultList());
        int published = 0;
        for (String studyUid : due) {
            try {
                if (publish(studyUid)) {
                    published++;
                }
            } catch (Exception e) {
                LOG.warning(() -> "RAD-68 manifest failed study=" + studyUid + ": " + e);
                LOG.log(Level.FINE, "RAD-68 manifest failure detail", e);
            }
        }
        return published;
    }

    /**
     * Builds and registers the manifest of one study now; false if the registry refused it or
     * another gateway sharing the database is publishing it right now.
     */
    public boolean publish(String studyUid) throws IOException {
        if (!claim(studyUid)) {
            return false;
        }
        try {
            return publishClaimed(studyUid);
        } finally {
            db.inTransactionDo(em -> em.createQuery(
                    "update StudyEntity s set s.manifestClaimedUntil = null where s.studyUid = :s")
                    .setParameter("s", studyUid).executeUpdate());
        }
    }

    /** Takes a short lease on the study, atomically, so two nodes never build its manifest at once. */
    private boolean claim(String studyUid) {
        Instant now = clock.instant();
        return db.inTransaction(em -> em.createQuery(
                        "update StudyEntity s set s.manifestClaimedUntil = :until where s.studyUid = :s "
                                + "and (s.manifestClaimedUntil is null or s.manifestClaimedUntil < :now)")
                .setParameter("until", now.plus(CLAIM_LEASE)).setParameter("now", now).setParameter("s", studyUid)
                .executeUpdate()) == 1;
    }

    private boolean publishClaimed(String studyUid) throws IOException {
        long start = System.nanoTime();
        Snapshot snap = db.inTransaction(em -> {
            StudyEntity s = em.find(StudyEntity.class, studyUid);
            List<InstanceEntity> instances = em.createQuery(
                            "select i from InstanceEntity i where i.studyUid = :s order by i.seriesNumber, i.seriesUid, "
                                    + "i.instanceNumber, i.sopInstanceUid", InstanceEntity.class)
                    .setParameter("s", studyUid).getResultList();
            return new Snapshot(s, s.getPatient(), instances);
        });
        if (snap.instances().isEmpty() || snap.study().getManifestInstanceCount() == snap.instances().size()) {
            return false; // nothing to list, or another node has just published this very content
        }
        String kosUid = Uids.newUid();
        Instant now = clock.instant();
        Files.createDirectories(settings.workDir());
        Path kosFile = Files.createTempFile(settings.workDir(), "kos-", ".dcm");
        try {
            StudyManifest manifest = manifest(snap);
            try (OutputStream out = Files.newOutputStream(kosFile)) {
                KosWriter.write(manifest, kosUid, Uids.newUid(), now, out);
            }
            TreeSet<String> modalities = new TreeSet<>();
            snap.instances().stream().map(InstanceEntity::getModality).filter(m -> m != null && !m.isBlank())
                    .forEach(modalities::add);
            PatientEntity p = snap.patient();
            StudyEntity s = snap.study();
            var input = new ManifestMetadata.Input(p.getPatientId(), p.getIssuer(), p.getName(), p.getBirthDate(),
                    p.getSex(), studyUid, s.getAccessionNumber(), s.getStudyDate(), s.getStudyTime(), modalities,
                    kosUid, settings.repositoryUniqueId(), settings.sourceOid(), s.getManifestEntryUuid(), now);
            var request = ManifestMetadata.provideAndRegister(input,
                    new DataHandler(new FileDataSource(kosFile.toFile())), Files.size(kosFile));
            String entryUuid = request.getDocuments().get(0).getDocumentEntry().getEntryUuid();
            Response response = repository.provideAndRegister(request);
            int count = snap.instances().size();
            String refused = response.getStatus() == Status.SUCCESS ? null : "refused: " + response.getErrors();
            AuditHooks.manifestPublished(p.getPatientId(), p.getIssuer(), kosUid, request.getSubmissionSet().getUniqueId(),
                    settings.repositoryUniqueId(), settings.sourceOid(), refused);
            if (refused != null) {
                LOG.warning(() -> "RAD-68 manifest refused study=" + studyUid + " errors=" + response.getErrors());
                return false;
            }
            db.inTransactionDo(em -> em.find(StudyEntity.class, studyUid).manifestPublished(kosUid, entryUuid, count, now));
            LOG.info(() -> String.format("RAD-68 manifest registered study=%s kos=%s instances=%d replaces=%s %d ms",
                    studyUid, kosUid, count, s.getManifestUid(), (System.nanoTime() - start) / 1_000_000));
            return true;
        } finally {
            Files.deleteIfExists(kosFile);
        }
    }

    private StudyManifest manifest(Snapshot snap) {
        Map<String, List<ManifestInstance>> bySeries = new LinkedHashMap<>();
        Map<String, String> modality = new LinkedHashMap<>();
        for (InstanceEntity i : snap.instances()) {
            bySeries.computeIfAbsent(i.getSeriesUid(), k -> new ArrayList<>())
                    .add(new ManifestInstance(i.getSopClassUid(), i.getSopInstanceUid()));
            modality.putIfAbsent(i.getSeriesUid(), i.getModality());
        }
        List<ManifestSeries> series = new ArrayList<>();
        bySeries.forEach((uid, list) -> series.add(new ManifestSeries(uid, modality.get(uid), list)));
        PatientEntity p = snap.patient();
        StudyEntity s = snap.study();
        return new StudyManifest(p.getPatientId(), p.getIssuer(), p.getName(), p.getBirthDate(), p.getSex(),
                s.getStudyUid(), s.getAccessionNumber(), s.getAccessionIssuer(), s.getStudyDate(), s.getStudyTime(),
                s.getDescription(), settings.retrieveAeTitle(), settings.repositoryUniqueId(), series);
    }

    private record Snapshot(StudyEntity study, PatientEntity patient, List<InstanceEntity> instances) {}
}
