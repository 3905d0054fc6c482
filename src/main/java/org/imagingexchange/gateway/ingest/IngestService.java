// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Takes in one received DICOM instance (from the C-STORE SCP or the REST upload): stores it in
 * the PACS back end and indexes it, once. The SOP Instance UID is the idempotency key: a second
 * copy of an instance is acknowledged and dropped.
 *
 * <p>Order matters for crash safety: the bytes are stored before the index row is committed, so
 * an indexed instance always has its bytes; a crash in between leaves at worst an unindexed
 * file that the next store of the same instance overwrites.
 */
public final class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class.getName());

    /** What became of one instance. */
    public enum Outcome { STORED, DUPLICATE }

    private final Database db;
    private final Pacs pacs;
    private final String defaultIssuer;
    private final Clock clock;
    private final StudyLocks locks = new StudyLocks();

    public IngestService(Database db, Pacs pacs, String defaultIssuer, Clock clock) {
        this.db = db;
        this.pacs = pacs;
        this.defaultIssuer = defaultIssuer;
        this.clock = clock;
    }

    public Outcome ingest(Path part10File, InstanceHeader h) throws IOException {
        long start = System.nanoTime();
        if (isIndexed(h.sopInstanceUid())) {
            log("duplicate", h, start);
            return Outcome.DUPLICATE;
        }
        var address = new Pacs.InstanceAddress(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid());
        String sha256 = sha256(part10File);
        long size = Files.size(part10File);
        String location = pacs.store(part10File, address);
        Outcome outcome = indexOnce(h, location, sha256, size);
        AuditHooks.instanceStored(h, defaultIssuer); // ATNA audit (issue 3)
        log(outcome == Outcome.STORED ? "stored" : "duplicate", h, start);
        return outcome;
    }

    /**
     * Indexes an instance that already lives in the PACS (found by QIDO-RS): no bytes move;
     * size is unknown (-1) and no hash is kept.
     */
    public Outcome indexExisting(InstanceHeader h, String location) {
        if (isIndexed(h.sopInstanceUid())) {
            return Outcome.DUPLICATE;
        }
        return indexOnce(h, location, null, -1);
    }

    /**
     * Indexes a batch of instances that already live in the PACS (stored there by an import), in
     * one transaction per study: the per-instance transactions of {@link #indexExisting} cost more
     * than the store itself. Instances already indexed are left as they are.
     */
    public void indexExisting(List<InstanceHeader> headers, String location) {
        java.util.Map<String, List<InstanceHeader>> byStudy = new java.util.LinkedHashMap<>();
        headers.forEach(h -> byStudy.computeIfAbsent(h.studyInstanceUid(), k -> new java.util.ArrayList<>()).add(h));
        byStudy.forEach((study, list) -> {
            synchronized (locks.of(study)) {
                try {
                    db.inTransactionDo(em -> list.forEach(h -> index(em, h, location, null, -1)));
                } catch (PersistenceException e) {
                    list.forEach(h -> indexExisting(h, location)); // another node raced us: one by one
                }
            }
        });
    }

    private Outcome indexOnce(InstanceHeader h, String location, String sha256, long size) {
        // Serialise index writes per study: two associations sending the same new study must
        // not both create its patient and study rows.
        synchronized (locks.of(h.studyInstanceUid())) {
            try {
                return db.inTransaction(em -> index(em, h, location, sha256, size));
            } catch (PersistenceException e) {
                if (isIndexed(h.sopInstanceUid())) {
                    return Outcome.DUPLICATE; // another node indexed it concurrently
                }
                throw e;
            }
        }
    }

    private boolean isIndexed(String sopUid) {
        return db.inTransaction(em -> em.find(InstanceEntity.class, sopUid) != null);
    }

    private Outcome index(EntityManager em, InstanceHeader h, String location, String sha256, long size) {
        if (em.find(InstanceEntity.class, h.sopInstanceUid()) != null) {
            return Outcome.DUPLICATE;
        }
        Instant now = clock.instant();
        StudyEntity study = em.find(StudyEntity.class, h.studyInstanceUid());
        if (study == null) {
            study = new StudyEntity(h.studyInstanceUid(), patient(em, h), pacs.kind(), now);
            study.setAccessionNumber(trim(h.accessionNumber(), 64));
            study.setStudyDate(trim(h.studyDate(), 8));
            study.setStudyTime(trim(h.studyTime(), 16));
            study.setDescription(trim(h.studyDescription(), 400));
            em.persist(study);
        }
        study.setUpdatedAt(now);
        InstanceEntity i = new InstanceEntity(h.sopInstanceUid(), h.studyInstanceUid(),
                h.seriesInstanceUid(), h.sopClassUid());
        i.setModality(trim(h.modality(), 16));
        i.setSeriesNumber(h.seriesNumber());
        i.setInstanceNumber(h.instanceNumber());
        i.setTransferSyntax(h.transferSyntaxUid());
        i.setSizeBytes(size);
        i.setSha256(sha256);
        i.setLocation(location);
        i.setReceivedAt(now);
        em.persist(i);
        return Outcome.STORED;
    }

    private PatientEntity patient(EntityManager em, InstanceHeader h) {
        String issuer = h.issuerOfPatientId() == null || h.issuerOfPatientId().isBlank()
                ? defaultIssuer : h.issuerOfPatientId().trim();
        String pid = h.patientId() == null ? "" : h.patientId().trim();
        List<PatientEntity> found = em.createQuery(
                        "select p from PatientEntity p where p.patientId = :pid and p.issuer = :issuer",
                        PatientEntity.class)
                .setParameter("pid", pid).setParameter("issuer", issuer).getResultList();
        if (!found.isEmpty()) {
            return found.get(0);
        }
        PatientEntity p = new PatientEntity(pid, issuer);
        p.setName(trim(h.patientName(), 400));
        p.setBirthDate(trim(h.patientBirthDate(), 8));
        p.setSex(trim(h.patientSex(), 16));
        em.persist(p);
        return p;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trim(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.length() > max ? t.substring(0, max) : t;
    }

    private static void log(String event, InstanceHeader h, long startNanos) {
        LOG.info(() -> String.format("ingest %s study=%s sop=%s ts=%s %d ms", event, h.studyInstanceUid(),
                h.sopInstanceUid(), h.transferSyntaxUid(), (System.nanoTime() - startNanos) / 1_000_000));
    }
}
