// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.Coercion;
import org.imagingexchange.gateway.dicom.CoercionRules;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.InvalidDicomException;
import org.imagingexchange.gateway.ingest.PatientEntity;
import org.imagingexchange.gateway.ingest.StudyEntity;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Works one claimed import job through its states, committing progress after every step so a
 * crash (of this node or the PACS) costs at most the step in flight:
 * <pre>
 * queued -> retrieving -> reconciling -> storing -> verifying -> done | done-with-errors | failed
 *                               \-> needs-review (operator) -/
 * </pre>
 * Every step is idempotent: retrieval skips what is already in the spool, coercion rewrites its
 * output, and the PACS keys instances on their SOP Instance UID, so storing one again after a
 * crash replaces it with the same bytes rather than adding a second copy. A transient failure
 * (PACS or partner unreachable) puts the job back with a growing delay; after the configured
 * attempts it fails, with the reason, visibly.
 */
final class ImportWorker {
    private static final Logger LOG = Logger.getLogger(ImportWorker.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /**
     * Batches sent to the PACS at once. Two keep a PACS that works on one request per thread (Orthanc)
     * busy on both cores of a small machine while the worker coerces the next batch; more would only
     * queue at the PACS, and the bound is the back-pressure on a slow one.
     */
    private static final int SENDS_IN_FLIGHT = 2;
    private static final int RETRIEVE_BATCH = 50;

    /** The job's lease was lost (another node took it over): stop without writing anything more. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String jobId) {
            super("lease of import job " + jobId + " lost");
        }
    }

    private final Database db;
    private final ImportSettings settings;
    private final String localIssuer;
    private final Reconciler reconciler;
    private final ImportTarget target;
    private final PartnerStudySource partners;
    private final StudyPublisher publisher;
    private final ImportAudit audit;
    private final MediaScanner media;
    private final DicomLimits limits;
    private final Clock clock;
    /** Sends batches to the PACS while the worker coerces the next ones. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "import-sender");
        t.setDaemon(true);
        return t;
    });

    ImportWorker(Database db, ImportSettings settings, String localIssuer, Reconciler reconciler, ImportTarget target,
                 PartnerStudySource partners, StudyPublisher publisher, ImportAudit audit, DicomLimits limits,
                 Clock clock) {
        this.db = db;
        this.settings = settings;
        this.localIssuer = localIssuer;
        this.reconciler = reconciler;
        this.target = target;
        this.partners = partners;
        this.publisher = publisher;
        this.audit = audit;
        this.media = new MediaScanner(limits);
        this.limits = limits;
        this.clock = clock;
    }

    /** Stops the sender threads (the runner is closing). */
    void close() {
        sender.shutdownNow();
    }

    Path jobDir(String jobId) {
        return settings.spoolDir().resolve(jobId);
    }

    /**
     * Runs the job until it waits (review, retry later), ends, or {@code stillOurs} says the lease
     * is gone. {@code node} is the lease owner every write is checked against.
     */
    void run(String jobId, String node, BooleanSupplier stillOurs) {
        long start = System.nanoTime();
        Lease lease = new Lease(jobId, node, stillOurs);
        try {
            while (true) {
                ImportJobEntity job = lease.load();
                if (job.isCancelRequested()) {
                    finish(lease, ImportState.CANCELLED, "cancelled by an operator");
                    deleteSpool(jobId, true);
                    return;
                }
                ImportState before = job.getState();
                switch (before) {
                    case QUEUED -> lease.move(ImportState.RETRIEVING);
                    case RETRIEVING -> {
                        retrieve(job, lease);
                        lease.move(ImportState.RECONCILING);
                    }
                    case RECONCILING -> {
                        if (!reconcile(job, lease)) {
                            return; // waits for an operator
                        }
                    }
                    case STORING -> {
                        store(job, lease);
                        lease.move(ImportState.VERIFYING);
                    }
                    case VERIFYING -> {
                        if (verify(job, lease)) {
                            complete(job, lease, start);
                            return;
                        }
                    }
                    default -> {
                        return; // review, final: nothing for a worker
                    }
                }
            }
        } catch (CancelRequestedException e) {
            finish(lease, ImportState.CANCELLED, "cancelled by an operator");
            deleteSpool(jobId, true);
        } catch (LeaseLostException e) {
            LOG.warning(() -> "import " + jobId + " lease lost to another node; stopping here");
        } catch (SpoolFileLostException e) {
            LOG.warning(() -> "import " + jobId + " " + e.getMessage());
            run(jobId, node, stillOurs); // back in retrieving: go on from there
        } catch (IOException | RuntimeException e) {
            transientFailure(lease, e);
        }
    }

    // ---------------------------------------------------------------- retrieving

    private void retrieve(ImportJobEntity job, Lease lease) throws IOException {
        Path dir = Files.createDirectories(jobDir(job.getId()));
        if (job.getSourceKind() == ImportJobEntity.SourceKind.MEDIA) {
            if (instances(job.getId()).isEmpty()) {
                List<MediaScanner.Found> found = media.scan(dir.resolve(ImportService.MEDIA_DIR));
                Instant now = clock.instant();
                lease.write(em -> {
                    for (MediaScanner.Found f : found) {
                        ImportInstanceEntity i = new ImportInstanceEntity(job.getId(),
                                ImportService.MEDIA_DIR + "/" + f.relativeName(),
                                InstanceState.RECEIVED, now);
                        if (f.header() != null) {
                            InstanceHeader h = f.header();
                            i.identify(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid());
                            i.received(h.patientId(), issuerOf(h), f.size(), now);
                        } else {
                            i.failed(f.problem(), now);
                        }
                        em.persist(i);
                    }
                });
                LOG.info(() -> String.format("import %s media scanned files=%d unreadable=%d", job.getId(),
                        found.size(), found.stream().filter(f -> f.header() == null).count()));
            }
            return;
        }
        if (instances(job.getId()).isEmpty()) {
            List<PartnerStudySource.Listed> listed = partners.manifest(job.getHomeCommunityId(), job.getRepositoryUid(),
                    job.getManifestUid(), job.getStudyUid());
            Instant now = clock.instant();
            lease.write(em -> {
                for (PartnerStudySource.Listed l : new LinkedHashSet<>(listed)) {
                    ImportInstanceEntity i = new ImportInstanceEntity(job.getId(), l.sopUid() + ".dcm",
                            InstanceState.EXPECTED, now);
                    i.identify(l.studyUid(), l.seriesUid(), l.sopUid());
                    em.persist(i);
                }
            });
        }
        List<ImportInstanceEntity> expected = instances(job.getId(), InstanceState.EXPECTED);
        for (int from = 0; from < expected.size(); from += RETRIEVE_BATCH) {
            if (lease.cancelRequested()) {
                throw new CancelRequestedException();
            }
            ensureSpoolRoom();
            List<ImportInstanceEntity> batch = expected.subList(from, Math.min(expected.size(), from + RETRIEVE_BATCH));
            long t0 = System.nanoTime();
            PartnerStudySource.Batch got = partners.fetch(job.getHomeCommunityId(), job.getRepositoryUid(),
                    batch.stream().map(i -> new PartnerStudySource.Listed(i.getStudyUid(), i.getSeriesUid(),
                            i.getSopUid())).toList(), dir);
            Map<Long, Object> outcome = new HashMap<>();
            for (ImportInstanceEntity i : batch) {
                Path file = got.delivered().get(i.getSopUid());
                if (file == null) {
                    outcome.put(i.getId(), got.missing().getOrDefault(i.getSopUid(), "not delivered by the partner"));
                    continue;
                }
                try {
                    InstanceHeader h = DicomFiles.readHeader(file, limits);
                    DicomFiles.validateComplete(file, limits);
                    if (!i.getSopUid().equals(h.sopInstanceUid())) {
                        outcome.put(i.getId(), "the partner sent another instance than the one asked for");
                    } else {
                        outcome.put(i.getId(), h);
                    }
                } catch (InvalidDicomException e) {
                    outcome.put(i.getId(), "not valid DICOM: " + e.getMessage());
                }
            }
            Instant now = clock.instant();
            lease.write(em -> {
                for (ImportInstanceEntity i : batch) {
                    ImportInstanceEntity row = em.find(ImportInstanceEntity.class, i.getId());
                    Object o = outcome.get(i.getId());
                    if (o instanceof InstanceHeader h) {
                        long size = SpoolFiles.size(dir.resolve(row.getFileName()));
                        row.received(h.patientId(), issuerOf(h), size, now);
                    } else {
                        row.failed((String) o, now);
                    }
                }
            });
            LOG.info(() -> String.format("import %s RAD-75 batch partner=%s instances=%d delivered=%d %d ms",
                    job.getId(), job.getHomeCommunityId(), batch.size(), got.delivered().size(),
                    (System.nanoTime() - t0) / 1_000_000));
        }
    }

    // ---------------------------------------------------------------- reconciling

    /** Decides the local patient; false when the job now waits for review. */
    private boolean reconcile(ImportJobEntity job, Lease lease) throws IOException {
        List<ImportInstanceEntity> received = instances(job.getId(), InstanceState.RECEIVED);
        if (received.isEmpty() && job.getTargetPatientId() == null) {
            lease.move(ImportState.VERIFYING); // nothing readable arrived: verify ends it as failed
            return true;
        }
        Map<String, Reconciler.OutsidePatient> outside = new LinkedHashMap<>();
        for (ImportInstanceEntity i : received) {
            String key = i.getOriginalPatientId() + "\u0000" + i.getOriginalIssuer();
            if (!outside.containsKey(key)) {
                outside.put(key, new Reconciler.OutsidePatient(i.getOriginalPatientId(), i.getOriginalIssuer(),
                        demographicsOf(jobDir(job.getId()).resolve(i.getFileName()))));
            }
        }
        Reconciler.Decision d = reconciler.decide(job.getRequestedPatientId(), job.getHomeCommunityId(),
                new ArrayList<>(outside.values()));
        if (d.needsReview()) {
            lease.write(em -> {
                ImportJobEntity j = em.find(ImportJobEntity.class, job.getId());
                j.needsReview(d.reviewReason(), d.score(), d.localPatientId());
                j.moveTo(ImportState.NEEDS_REVIEW, clock.instant());
            });
            LOG.info(() -> String.format("import %s needs review: %s", job.getId(), d.reviewReason()));
            return false;
        }
        lease.write(em -> {
            ImportJobEntity j = em.find(ImportJobEntity.class, job.getId());
            j.reconciled(d.localPatientId(), d.score(), d.method());
            j.moveTo(ImportState.STORING, clock.instant());
        });
        LOG.info(() -> String.format("import %s reconciled by %s score=%.2f", job.getId(), d.method(), d.score()));
        return true;
    }

    private Demographics demographicsOf(Path file) throws IOException {
        try {
            InstanceHeader h = DicomFiles.readHeader(file, limits);
            return Demographics.of(h.patientName(), h.patientBirthDate(), h.patientSex());
        } catch (InvalidDicomException e) {
            return Demographics.of(null, null, null);
        }
    }

    // ---------------------------------------------------------------- storing

    /**
     * Coerces and stores the instances in batches, pipelined: while the PACS takes up to two
     * batches, the next is coerced. Each batch's state is committed only after its work, in order:
     * coerced after coercion, stored after the PACS answered.
     */
    private void store(ImportJobEntity job, Lease lease) throws IOException {
        PatientEntity local = settings.coerceDemographics() ? localPatient(job.getTargetPatientId()) : null;
        Map<String, Boolean> conflicts = new HashMap<>();
        List<ImportInstanceEntity> todo = new ArrayList<>(instances(job.getId(), InstanceState.RECEIVED));
        todo.addAll(instances(job.getId(), InstanceState.COERCED));
        java.util.ArrayDeque<InFlight> inFlight = new java.util.ArrayDeque<>();
        try {
            for (int from = 0; from < todo.size(); from += settings.storeBatch()) {
                if (lease.cancelRequested()) {
                    while (!inFlight.isEmpty()) { // what the PACS took is recorded as stored
                        inFlight.peek().commit(job, lease);
                        inFlight.poll();
                    }
                    throw new CancelRequestedException();
                }
                List<ImportInstanceEntity> batch = todo.subList(from, Math.min(todo.size(), from + settings.storeBatch()));
                Prepared next = prepare(job, lease, batch, local, conflicts);
                while (inFlight.size() >= SENDS_IN_FLIGHT) {
                    inFlight.peek().commit(job, lease);
                    inFlight.poll();
                }
                if (!next.ready().isEmpty()) {
                    inFlight.add(new InFlight(next, sender.submit(() -> target.store(next.ready())), System.nanoTime()));
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.peek().commit(job, lease);
                inFlight.poll();
            }
        } finally {
            for (InFlight f : inFlight) {
                f.abandon(); // its instances stay coerced and are stored again on the next run
            }
        }
    }

    /**
     * Reads a file that was never read (its header failed at the scan, and an operator retried
     * the job after repairing it): true and recorded when it reads now, else failed again.
     */
    private boolean identify(Lease lease, ImportInstanceEntity i, Path file) throws IOException {
        InstanceHeader h;
        try {
            h = DicomFiles.readHeader(file, limits);
        } catch (InvalidDicomException e) {
            failInstance(lease, i, "not a valid DICOM instance: " + e.getMessage());
            return false;
        }
        Instant now = clock.instant();
        long size = SpoolFiles.size(file);
        i.identify(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid());
        lease.write(em -> {
            ImportInstanceEntity row = em.find(ImportInstanceEntity.class, i.getId());
            row.identify(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid());
            row.received(h.patientId(), issuerOf(h), size, now);
        });
        return true;
    }

    /** A batch coerced and ready to send, with the import row of each SOP Instance UID. */
    private record Prepared(List<ImportTarget.Ready> ready, Map<String, Long> rowOf) {}

    /** Coerces a batch (committing it as coerced) and reads back what is to be sent. */
    private Prepared prepare(ImportJobEntity job, Lease lease, List<ImportInstanceEntity> batch, PatientEntity local,
                             Map<String, Boolean> conflicts) throws IOException {
        Path dir = jobDir(job.getId());
        List<ImportTarget.Ready> ready = new ArrayList<>();
        Map<String, Long> rowOf = new HashMap<>();
        Map<Long, InstanceHeader> newlyCoerced = new LinkedHashMap<>();
        for (ImportInstanceEntity i : batch) {
            Path coerced = dir.resolve(i.getFileName() + ".coerced");
            if (!Files.exists(dir.resolve(i.getFileName())) && !Files.exists(coerced)) {
                lostSpoolFile(job, lease, i);
                continue;
            }
            if (i.getSopUid() == null && !identify(lease, i, dir.resolve(i.getFileName()))) {
                continue;
            }
            if (i.getState() == InstanceState.RECEIVED || !Files.exists(coerced)) {
                boolean conflict = conflicts.computeIfAbsent(i.getStudyUid(),
                        s -> heldForAnotherPatient(s, job.getTargetPatientId()));
                if (conflict && !job.isReidentify()) {
                    failInstance(lease, i, "the local PACS already holds study " + i.getStudyUid()
                            + " for another patient; import again with re-identification");
                    continue;
                }
                String problem = coerce(job, dir.resolve(i.getFileName()), coerced, local,
                        conflict ? job.getTargetPatientId() : null);
                if (problem != null) {
                    failInstance(lease, i, problem);
                    continue;
                }
            }
            InstanceHeader h;
            try {
                h = DicomFiles.readHeader(coerced, limits);
            } catch (InvalidDicomException e) {
                failInstance(lease, i, "coerced copy unreadable: " + e.getMessage());
                continue;
            }
            if (i.getState() == InstanceState.RECEIVED) {
                newlyCoerced.put(i.getId(), h);
            }
            ready.add(new ImportTarget.Ready(coerced, h));
            rowOf.put(h.sopInstanceUid(), i.getId());
        }
        if (!newlyCoerced.isEmpty()) { // one transaction for the batch: a crash before it only redoes coercion
            Instant now = clock.instant();
            lease.write(em -> newlyCoerced.forEach((id, h) -> em.find(ImportInstanceEntity.class, id)
                    .coerced(h.studyInstanceUid(), h.sopInstanceUid(), now)));
        }
        return new Prepared(ready, rowOf);
    }

    /** A batch the PACS is taking. */
    private final class InFlight {
        final Prepared batch;
        final java.util.concurrent.Future<Map<String, String>> answer;
        final long startNanos;

        InFlight(Prepared batch, java.util.concurrent.Future<Map<String, String>> answer, long startNanos) {
            this.batch = batch;
            this.answer = answer;
            this.startNanos = startNanos;
        }

        /** Waits for the PACS's answer and records it; an unreachable PACS is an IOException (retry later). */
        void commit(ImportJobEntity job, Lease lease) throws IOException {
            Map<String, String> refused;
            try {
                refused = answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the PACS was storing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("storing failed: " + e.getCause(), e.getCause());
            }
            target.afterStored(batch.ready(), refused.keySet());
            Instant now = clock.instant();
            lease.write(em -> batch.rowOf().forEach((sop, id) -> {
                ImportInstanceEntity row = em.find(ImportInstanceEntity.class, id);
                String reason = refused.get(sop);
                if (reason == null) {
                    row.moveTo(InstanceState.STORED, now);
                } else {
                    row.failed(reason, now);
                }
            }));
            LOG.info(() -> String.format("import %s stored batch target=%s instances=%d refused=%d %d ms", job.getId(),
                    target.kind(), batch.ready().size(), refused.size(), (System.nanoTime() - startNanos) / 1_000_000));
        }

        /** Lets the send finish or fail on its own; nothing about it is recorded. */
        void abandon() {
            try {
                answer.get(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (Exception e) {
                LOG.fine(() -> "an abandoned batch ended with " + e);
            }
        }
    }

    /**
     * The spool no longer has the instance (a node took the job over without sharing the first
     * node's spool, or the spool was cleaned): a partner's instance is retrieved again; media
     * cannot be, so that instance fails with the reason.
     */
    private void lostSpoolFile(ImportJobEntity job, Lease lease, ImportInstanceEntity i) {
        if (job.getSourceKind() == ImportJobEntity.SourceKind.PARTNER) {
            Instant now = clock.instant();
            lease.write(em -> {
                em.find(ImportInstanceEntity.class, i.getId()).moveTo(InstanceState.EXPECTED, now);
                em.find(ImportJobEntity.class, job.getId()).moveTo(ImportState.RETRIEVING, now);
            });
            throw new SpoolFileLostException(i.getFileName());
        }
        failInstance(lease, i, "the received file is gone from the import spool "
                + "(is GATEWAY_IMPORT_SPOOL_DIR shared by all nodes?)");
    }

    /** An operator cancelled the job while it ran: the worker stops between two batches. */
    private static final class CancelRequestedException extends RuntimeException {
        CancelRequestedException() {
            super("cancelled by an operator", null, false, false);
        }
    }

    /** A partner instance must be fetched again: the job goes back to retrieving at once. */
    static final class SpoolFileLostException extends RuntimeException {
        SpoolFileLostException(String file) {
            super("spool file " + file + " lost; retrieving it again");
        }
    }

    /** Writes the coerced copy; returns why it could not be made, or null. */
    private String coerce(ImportJobEntity job, Path source, Path coerced, PatientEntity local, String reidentifyFor)
            throws IOException {
        Map<String, String> uidMap = new HashMap<>();
        Path tmp = coerced.resolveSibling(coerced.getFileName() + ".part");
        try {
            if (reidentifyFor != null) {
                InstanceHeader h = DicomFiles.readHeader(source, limits);
                for (String uid : List.of(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid())) {
                    uidMap.put(uid, derivedUid(uid, reidentifyFor));
                }
            }
            CoercionRules rules = new CoercionRules(job.getTargetPatientId(), localIssuer, localIssuer,
                    local == null ? null : local.getName(), local == null ? null : local.getBirthDate(),
                    local == null ? null : local.getSex(), job.getAccessionNumber(),
                    job.getAccessionNumber() == null ? null : settings.accessionIssuer(), uidMap,
                    settings.modifyingSystem(), sourceOfPreviousValues(job), clock.instant());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Coercion.coerce(source, out, rules, limits);
            }
            Files.move(tmp, coerced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (InvalidDicomException | IllegalArgumentException e) {
            return "cannot be coerced: " + e.getMessage();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String sourceOfPreviousValues(ImportJobEntity job) {
        String s = job.getSourceKind() == ImportJobEntity.SourceKind.PARTNER ? job.getHomeCommunityId() : "MEDIA";
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /**
     * A new UID for {@code uid} that is the same every time it is asked for the same patient, so a
     * resumed job and the study's KOS agree with what was stored before the crash.
     */
    static String derivedUid(String uid, String forPatient) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((uid + "\u0000" + forPatient).getBytes(StandardCharsets.UTF_8));
            byte[] first = java.util.Arrays.copyOf(h, 16);
            return "2.25." + new BigInteger(1, first);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the local index holds the study for a patient other than {@code localPatientId}. */
    private boolean heldForAnotherPatient(String studyUid, String localPatientId) {
        return db.inTransaction(em -> {
            StudyEntity s = em.find(StudyEntity.class, studyUid);
            if (s == null) {
                return false;
            }
            PatientEntity p = s.getPatient();
            return !(localPatientId.equals(p.getPatientId()) && localIssuer.equals(p.getIssuer()));
        });
    }

    private PatientEntity localPatient(String patientId) {
        return db.inTransaction(em -> em.createQuery(
                        "select p from PatientEntity p where p.patientId = :p and p.issuer = :i", PatientEntity.class)
                .setParameter("p", patientId).setParameter("i", localIssuer).setMaxResults(1)
                .getResultStream().findFirst().orElse(null));
    }

    // ---------------------------------------------------------------- verifying

    /**
     * Asks the PACS which stored instances it lists. True when every stored instance is there;
     * otherwise the missing ones go back to be stored again (after a delay) and this is false.
     */
    private boolean verify(ImportJobEntity job, Lease lease) throws IOException {
        List<ImportInstanceEntity> stored = instances(job.getId(), InstanceState.STORED);
        Map<String, Set<String>> byStudy = new LinkedHashMap<>();
        for (ImportInstanceEntity i : stored) {
            byStudy.computeIfAbsent(i.getStoredStudyUid(), k -> new java.util.HashSet<>());
        }
        for (Map.Entry<String, Set<String>> e : byStudy.entrySet()) {
            e.getValue().addAll(target.present(e.getKey()));
        }
        List<Long> verified = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (ImportInstanceEntity i : stored) {
            (byStudy.get(i.getStoredStudyUid()).contains(i.getStoredSopUid()) ? verified : missing).add(i.getId());
        }
        Instant now = clock.instant();
        lease.write(em -> {
            verified.forEach(id -> em.find(ImportInstanceEntity.class, id).moveTo(InstanceState.VERIFIED, now));
            missing.forEach(id -> em.find(ImportInstanceEntity.class, id).moveTo(InstanceState.COERCED, now));
        });
        if (!missing.isEmpty()) {
            lease.move(ImportState.STORING);
            throw new IOException(missing.size() + " stored instances are not listed by the PACS; storing them again");
        }
        return true;
    }

    private void complete(ImportJobEntity job, Lease lease, long start) throws IOException {
        List<ImportInstanceEntity> all = instances(job.getId());
        long verified = all.stream().filter(i -> i.getState() == InstanceState.VERIFIED).count();
        long failed = all.stream().filter(i -> i.getState() == InstanceState.FAILED).count();
        Set<String> studies = new LinkedHashSet<>();
        all.stream().filter(i -> i.getState() == InstanceState.VERIFIED).forEach(i -> studies.add(i.getStoredStudyUid()));
        for (String study : studies) {
            publisher.publish(study); // IOException: the registry is down; retried like the PACS
        }
        ImportState end = failed == 0 && verified > 0 ? ImportState.DONE
                : verified > 0 ? ImportState.DONE_WITH_ERRORS : ImportState.FAILED;
        String error = failed == 0 ? null : failed + " of " + all.size() + " files not imported (see instances)";
        if (verified == 0 && all.isEmpty()) {
            error = "no instance found to import";
        }
        finish(lease, end, error);
        audit.imported(job, all, studies, end != ImportState.FAILED);
        deleteSpool(job.getId(), false);
        LOG.info(() -> String.format("import %s %s target=%s studies=%d verified=%d failed=%d %d ms", job.getId(),
                end.label(), target.kind(), studies.size(), verified, failed, (System.nanoTime() - start) / 1_000_000));
    }

    // ---------------------------------------------------------------- bookkeeping

    private void finish(Lease lease, ImportState end, String error) {
        lease.write(em -> {
            ImportJobEntity j = em.find(ImportJobEntity.class, lease.jobId);
            j.setError(error);
            j.moveTo(end, clock.instant());
        });
    }

    private void transientFailure(Lease lease, Exception e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.log(Level.FINE, "import " + lease.jobId + " step failed", e);
        try {
            ImportJobEntity job = lease.load();
            if (job.getAttempts() + 1 >= settings.maxAttempts()) {
                finish(lease, ImportState.FAILED, "gave up after " + settings.maxAttempts() + " attempts: " + reason);
                LOG.log(Level.WARNING, "import " + lease.jobId + " failed: " + reason);
                return;
            }
            long factor = 1L << Math.min(20, job.getAttempts());
            Duration wait = settings.retryBackoff().multipliedBy(factor);
            Instant at = clock.instant().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
            lease.write(em -> em.find(ImportJobEntity.class, lease.jobId).retryAt(at, reason));
            LOG.warning(() -> "import " + lease.jobId + " will retry at " + at + " (attempt " + (job.getAttempts() + 1)
                    + "): " + reason);
        } catch (LeaseLostException lost) {
            LOG.warning(() -> "import " + lease.jobId + " lease lost while recording: " + reason);
        } catch (RuntimeException again) {
            LOG.log(Level.WARNING, "import " + lease.jobId + " could not record its failure: " + reason, again);
        }
    }

    private void failInstance(Lease lease, ImportInstanceEntity i, String reason) {
        Instant now = clock.instant();
        lease.write(em -> em.find(ImportInstanceEntity.class, i.getId()).failed(reason, now));
    }

    /** Waits (as a transient failure) while the spool holds more than its quota. */
    private void ensureSpoolRoom() throws IOException {
        long used = SpoolFiles.usage(settings.spoolDir());
        if (used > settings.spoolQuotaBytes()) {
            throw new IOException("import spool is full (" + used + " of " + settings.spoolQuotaBytes() + " bytes)");
        }
    }

    /** Removes the spool of a finished job: all of it, or all but the files of failed instances (for a retry). */
    void deleteSpool(String jobId, boolean all) {
        Path dir = jobDir(jobId);
        Set<Path> keep = new java.util.HashSet<>();
        if (!all) {
            instances(jobId, InstanceState.FAILED).forEach(i -> keep.add(dir.resolve(i.getFileName()).normalize()));
        }
        SpoolFiles.deleteTreeExcept(dir, keep);
    }

    private List<ImportInstanceEntity> instances(String jobId) {
        return db.inTransaction(em -> em.createQuery(
                        "select i from ImportInstanceEntity i where i.jobId = :j order by i.id", ImportInstanceEntity.class)
                .setParameter("j", jobId).getResultList());
    }

    private List<ImportInstanceEntity> instances(String jobId, InstanceState state) {
        return db.inTransaction(em -> em.createQuery(
                        "select i from ImportInstanceEntity i where i.jobId = :j and i.state = :s order by i.id",
                        ImportInstanceEntity.class)
                .setParameter("j", jobId).setParameter("s", state).getResultList());
    }

    private String issuerOf(InstanceHeader h) {
        return h.issuerOfPatientId() == null || h.issuerOfPatientId().isBlank() ? null : h.issuerOfPatientId().strip();
    }

    /**
     * Every write of a worker goes through its lease: the job row must still name this node as
     * owner, in the same transaction as the write, so a node that lost its job to another writes
     * nothing more.
     */
    private final class Lease {
        final String jobId;
        final String node;
        final BooleanSupplier stillOurs;

        Lease(String jobId, String node, BooleanSupplier stillOurs) {
            this.jobId = jobId;
            this.node = node;
            this.stillOurs = stillOurs;
        }

        void check() {
            if (!stillOurs.getAsBoolean()) {
                throw new LeaseLostException(jobId);
            }
        }

        /**
         * Asked between batches of a large study, so an operator's cancel stops the job there and
         * not only at its next state.
         */
        boolean cancelRequested() {
            check();
            ImportJobEntity j = db.inTransaction(em -> em.find(ImportJobEntity.class, jobId));
            return j != null && j.isCancelRequested();
        }

        ImportJobEntity load() {
            ImportJobEntity j = db.inTransaction(em -> em.find(ImportJobEntity.class, jobId));
            if (j == null || !node.equals(j.getOwner())) {
                throw new LeaseLostException(jobId);
            }
            return j;
        }

        void write(java.util.function.Consumer<jakarta.persistence.EntityManager> work) {
            check();
            db.inTransactionDo(em -> {
                ImportJobEntity j = em.find(ImportJobEntity.class, jobId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                if (j == null || !node.equals(j.getOwner())) {
                    throw new LeaseLostException(jobId);
                }
                work.accept(em);
            });
        }

        void move(ImportState next) {
            write(em -> em.find(ImportJobEntity.class, jobId).moveTo(next, clock.instant()));
        }
    }
}
