// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.imagingexchange.gateway.persistence.Database;

/**
 * What the REST API (and {@code ./gateway import}) does with import jobs: create one for a
 * partner's study or for uploaded media, list and show them with their progress, confirm or
 * correct a reconciliation under review, retry a failed job, cancel one. The work itself is done
 * by {@link ImportWorker} on whichever node claims the job.
 */
public final class ImportService {
    private static final Logger LOG = Logger.getLogger(ImportService.class.getName());
    /** Where uploaded media is unpacked, inside the job's spool folder. */
    static final String MEDIA_DIR = "media";
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern HOME_COMMUNITY_ID = Pattern.compile("urn:oid:[0-2](\\.[0-9]+)+");
    private static final Pattern PATIENT_ID = Pattern.compile("[^\\^&~|\\\\\\p{Cntrl}]{1,64}");
    private static final int MAX_MEDIA_FILES = 100_000;

    /** A partner's study to import (from the outside-studies search). */
    public record PartnerRequest(String homeCommunityId, String studyInstanceUid, String manifestUniqueId,
                                 String repositoryUniqueId, String localPatientId, String accessionNumber,
                                 boolean reidentify, String submittedBy) {}

    /** Media to import: a zip archive or one DICOM file. */
    public record MediaRequest(String name, boolean zip, String localPatientId, String accessionNumber,
                               boolean reidentify, String submittedBy) {}

    /** The answer to a create: the job, and whether it already existed (same source, still running). */
    public record Created(ImportView job, boolean existing) {}

    /** Filter of a listing; nulls match everything. */
    public record Filter(ImportState state, String patientId, Instant since, Instant until, int limit) {}

    /** The manifest of a partner study, looked up when the request did not name it. */
    public interface ManifestFinder {
        /** Returns {manifestUniqueId, repositoryUniqueId}, or empty when no partner lists the study. */
        Optional<String[]> find(String localPatientId, String homeCommunityId, String studyUid);
    }

    private final Database db;
    private final ImportSettings settings;
    private final ManifestFinder manifests;
    private final Clock clock;
    private final long maxUploadBytes;

    public ImportService(Database db, ImportSettings settings, ManifestFinder manifests, long maxUploadBytes,
                         Clock clock) throws IOException {
        this.db = db;
        this.settings = settings;
        this.manifests = manifests;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
        Files.createDirectories(settings.spoolDir());
    }

    public ImportSettings settings() {
        return settings;
    }

    /** Queues the import of a partner's study; an identical job still running is returned instead. */
    public Created createFromPartner(PartnerRequest r) {
        require(r.homeCommunityId() != null && HOME_COMMUNITY_ID.matcher(r.homeCommunityId()).matches(),
                "homeCommunityId must be urn:oid:<oid>");
        require(isUid(r.studyInstanceUid()), "studyInstanceUid must be a DICOM UID");
        checkPatientId(r.localPatientId());
        String manifest = r.manifestUniqueId();
        String repository = r.repositoryUniqueId();
        if (manifest == null || repository == null) {
            require(r.localPatientId() != null,
                    "give manifestUniqueId and repositoryUniqueId, or localPatientId to look them up");
            String[] found = manifests == null ? null
                    : manifests.find(r.localPatientId(), r.homeCommunityId(), r.studyInstanceUid()).orElse(null);
            if (found == null) {
                throw new NotFoundException("community " + r.homeCommunityId() + " lists no manifest of study "
                        + r.studyInstanceUid() + " for that patient");
            }
            manifest = found[0];
            repository = found[1];
        }
        String m = manifest;
        String repo = repository;
        return db.inTransaction(em -> {
            List<ImportJobEntity> same = em.createQuery("select j from ImportJobEntity j where j.homeCommunityId = :h "
                            + "and j.studyUid = :s", ImportJobEntity.class)
                    .setParameter("h", r.homeCommunityId()).setParameter("s", r.studyInstanceUid()).getResultList();
            for (ImportJobEntity j : same) {
                if (!j.getState().isFinal() && java.util.Objects.equals(j.getRequestedPatientId(), r.localPatientId())) {
                    return new Created(view(em, j, false), true);
                }
            }
            ImportJobEntity job = new ImportJobEntity(UUID.randomUUID().toString(), ImportJobEntity.SourceKind.PARTNER,
                    clock.instant());
            job.partnerSource(r.homeCommunityId(), r.studyInstanceUid(), m, repo);
            fill(job, r.localPatientId(), r.accessionNumber(), r.reidentify(), r.submittedBy());
            em.persist(job);
            LOG.info(() -> String.format("import %s queued source=partner community=%s study=%s", job.getId(),
                    r.homeCommunityId(), r.studyInstanceUid()));
            return new Created(view(em, job, false), false);
        });
    }

    /**
     * Takes uploaded media: unpacks it into a new job's spool folder (bounded by the upload limit
     * and the spool quota) and queues the job. Nothing is queued when the upload fails.
     */
    public Created createFromMedia(MediaRequest r, InputStream body) throws IOException {
        checkPatientId(r.localPatientId());
        String id = UUID.randomUUID().toString();
        Path dir = settings.spoolDir().resolve(id).resolve(MEDIA_DIR);
        Files.createDirectories(dir);
        try {
            long budget = Math.min(maxUploadBytes, settings.spoolQuotaBytes() - SpoolFiles.usage(settings.spoolDir()));
            if (budget <= 0) {
                throw new SpoolFullException("the import spool is full; try again when running imports have finished");
            }
            if (r.zip()) {
                unzip(body, dir, budget);
            } else {
                copyLimited(body, dir.resolve(safeName(r.name() == null ? "upload.dcm" : r.name())), budget);
            }
        } catch (IOException | RuntimeException e) {
            SpoolFiles.deleteTree(settings.spoolDir().resolve(id));
            throw e;
        }
        return db.inTransaction(em -> {
            ImportJobEntity job = new ImportJobEntity(id, ImportJobEntity.SourceKind.MEDIA, clock.instant());
            job.mediaSource(r.name() == null ? "upload" : cut(r.name(), 256));
            fill(job, r.localPatientId(), r.accessionNumber(), r.reidentify(), r.submittedBy());
            em.persist(job);
            LOG.info(() -> String.format("import %s queued source=media", id));
            return new Created(view(em, job, false), false);
        });
    }

    public List<ImportView> list(Filter f) {
        return db.inTransaction(em -> {
            StringBuilder q = new StringBuilder("select j from ImportJobEntity j where 1 = 1");
            if (f.state() != null) {
                q.append(" and j.state = :state");
            }
            if (f.patientId() != null) {
                q.append(" and (j.targetPatientId = :pid or j.requestedPatientId = :pid)");
            }
            if (f.since() != null) {
                q.append(" and j.createdAt >= :since");
            }
            if (f.until() != null) {
                q.append(" and j.createdAt < :until");
            }
            q.append(" order by j.createdAt desc, j.id");
            var query = em.createQuery(q.toString(), ImportJobEntity.class);
            if (f.state() != null) {
                query.setParameter("state", f.state());
            }
            if (f.patientId() != null) {
                query.setParameter("pid", f.patientId());
            }
            if (f.since() != null) {
                query.setParameter("since", f.since());
            }
            if (f.until() != null) {
                query.setParameter("until", f.until());
            }
            return query.setMaxResults(Math.max(1, Math.min(f.limit(), 1000))).getResultList().stream()
                    .map(j -> view(em, j, false)).toList();
        });
    }

    /** One job with its progress and the instances that failed. */
    public Optional<ImportView> get(String id) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(ImportJobEntity.class, id)).map(j -> view(em, j, true)));
    }

    /**
     * An operator's decision on a job under review (or a correction before storing began): the
     * local patient the study belongs to. The job goes on to storing.
     */
    public ImportView confirm(String id, String localPatientId) {
        require(localPatientId != null, "localPatientId is required");
        checkPatientId(localPatientId);
        return db.inTransaction(em -> {
            ImportJobEntity j = find(em, id);
            if (j.getState() != ImportState.NEEDS_REVIEW && j.getState() != ImportState.QUEUED
                    && j.getState() != ImportState.RETRIEVING && j.getState() != ImportState.RECONCILING) {
                throw new ConflictException("the job is " + j.getState().label()
                        + "; a reconciliation can be confirmed or corrected only before storing begins");
            }
            j.setRequestedPatientId(localPatientId);
            if (j.getState() == ImportState.NEEDS_REVIEW) {
                j.reconciled(localPatientId, 1.0, "operator");
                j.moveTo(ImportState.STORING, clock.instant());
            }
            LOG.info(() -> "import " + id + " reconciliation confirmed by an operator");
            return view(em, j, true);
        });
    }

    /** Runs a failed (or partly failed) job again: instances that did not make it are tried again. */
    public ImportView retry(String id) {
        return db.inTransaction(em -> {
            ImportJobEntity j = find(em, id);
            if (j.getState() != ImportState.FAILED && j.getState() != ImportState.DONE_WITH_ERRORS) {
                throw new ConflictException("only a failed or done-with-errors job can be retried; this one is "
                        + j.getState().label());
            }
            Path dir = settings.spoolDir().resolve(id);
            Instant now = clock.instant();
            for (ImportInstanceEntity i : em.createQuery("select i from ImportInstanceEntity i where i.jobId = :j "
                    + "and i.state = :s", ImportInstanceEntity.class).setParameter("j", id)
                    .setParameter("s", InstanceState.FAILED).getResultList()) {
                if (Files.isRegularFile(dir.resolve(i.getFileName()))) {
                    i.moveTo(InstanceState.RECEIVED, now);
                } else if (j.getSourceKind() == ImportJobEntity.SourceKind.PARTNER && i.getSopUid() != null) {
                    i.moveTo(InstanceState.EXPECTED, now);
                }
            }
            j.resetAttempts();
            j.moveTo(ImportState.RETRIEVING, now);
            return view(em, j, true);
        });
    }

    /**
     * Cancels a job that has not finished. A job no node is working on ends at once; a running one
     * ends at its worker's next step. Instances already stored stay stored.
     */
    public ImportView cancel(String id) {
        ImportView v = db.inTransaction(em -> {
            ImportJobEntity j = find(em, id);
            if (j.getState().isFinal()) {
                throw new ConflictException("the job is already " + j.getState().label());
            }
            j.requestCancel();
            boolean running = j.getOwner() != null && j.getLeaseUntil() != null && j.getLeaseUntil().isAfter(clock.instant());
            if (!running) {
                j.setError("cancelled by an operator");
                j.moveTo(ImportState.CANCELLED, clock.instant());
            }
            return view(em, j, true);
        });
        if (v.state().equals(ImportState.CANCELLED.label())) {
            SpoolFiles.deleteTree(settings.spoolDir().resolve(id));
        }
        return v;
    }

    // ---------------------------------------------------------------- views

    private ImportView view(jakarta.persistence.EntityManager em, ImportJobEntity j, boolean withInstances) {
        Map<InstanceState, Long> counts = new EnumMap<>(InstanceState.class);
        for (Object[] row : em.createQuery("select i.state, count(i) from ImportInstanceEntity i where i.jobId = :j "
                + "group by i.state", Object[].class).setParameter("j", j.getId()).getResultList()) {
            counts.put((InstanceState) row[0], (Long) row[1]);
        }
        List<ImportView.Problem> problems = new ArrayList<>();
        if (withInstances) {
            em.createQuery("select i from ImportInstanceEntity i where i.jobId = :j and i.state = :s order by i.id",
                            ImportInstanceEntity.class)
                    .setParameter("j", j.getId()).setParameter("s", InstanceState.FAILED).setMaxResults(1000)
                    .getResultList()
                    .forEach(i -> problems.add(new ImportView.Problem(i.getFileName(), i.getSopUid(), i.getError())));
        }
        return ImportView.of(j, counts, problems);
    }

    // ---------------------------------------------------------------- media intake

    private void unzip(InputStream body, Path dir, long budget) throws IOException {
        long total = 0;
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                if (++files > MAX_MEDIA_FILES) {
                    throw new IllegalArgumentException("more than " + MAX_MEDIA_FILES + " files in the archive");
                }
                Path target = dir.resolve(safePath(e.getName())).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalArgumentException("archive entry outside the archive: " + e.getName());
                }
                Files.createDirectories(target.getParent());
                total += copyLimited(zip, target, budget - total);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("not a valid zip archive: " + e.getMessage());
        }
        if (files == 0) {
            throw new IllegalArgumentException("the archive holds no file");
        }
    }

    /** Copies at most {@code budget} bytes; more is an {@link UploadTooLargeException}. */
    private static long copyLimited(InputStream in, Path target, long budget) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > budget) {
                    throw new UploadTooLargeException("the upload is larger than the " + budget
                            + " bytes the upload limit and the import spool allow");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    /** An archive path made safe: no absolute paths, no "..", no drive letters or backslashes. */
    private static String safePath(String name) {
        String s = name.replace('\\', '/');
        StringBuilder b = new StringBuilder();
        for (String part : s.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.contains(":")) {
                continue;
            }
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        if (b.length() == 0) {
            throw new IllegalArgumentException("archive entry without a usable name: " + name);
        }
        return b.toString();
    }

    private static String safeName(String name) {
        String n = Path.of(safePath(name)).getFileName().toString();
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    // ---------------------------------------------------------------- helpers

    private void fill(ImportJobEntity job, String localPatientId, String accession, boolean reidentify, String by) {
        job.setRequestedPatientId(blankToNull(localPatientId));
        if (accession != null) {
            require(accession.length() <= 16 && !accession.contains("\\"), "accessionNumber: at most 16 characters");
            job.setAccessionNumber(accession);
        }
        job.setReidentify(reidentify);
        job.setSubmittedBy(by == null ? null : cut(by, 128));
    }

    private static ImportJobEntity find(jakarta.persistence.EntityManager em, String id) {
        ImportJobEntity j = em.find(ImportJobEntity.class, id);
        if (j == null) {
            throw new NotFoundException("no import job " + id);
        }
        return j;
    }

    private static void checkPatientId(String id) {
        require(id == null || PATIENT_ID.matcher(id).matches(),
                "localPatientId must be 1 to 64 characters without HL7 delimiters");
    }

    private static boolean isUid(String s) {
        return s != null && s.length() <= 64 && UID.matcher(s).matches();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** No such job (404). */
    public static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

    /** The job is not in a state that allows the request (409). */
    public static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    /** The upload exceeds the upload limit or what the spool has room for (413). */
    public static final class UploadTooLargeException extends RuntimeException {
        UploadTooLargeException(String message) {
            super(message);
        }
    }

    /** The spool is over its quota (503, try later). */
    public static final class SpoolFullException extends RuntimeException {
        SpoolFullException(String message) {
            super(message);
        }
    }
}
