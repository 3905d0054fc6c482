// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditService;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.imagingexchange.gateway.xca.initiating.CrossCommunityRetrieve;

/**
 * This node's import workers: polls the queue for due jobs (at most {@code concurrency} at once),
 * runs each on a worker thread, and renews the leases of the jobs it runs. Stopping the node
 * stops renewing; its jobs are taken up again by the next start of this node (which gives up its
 * old leases at once) or by another node when the leases run out.
 */
public final class ImportRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ImportRunner.class.getName());
    private static final long POLL_MILLIS = 1000;

    private final ImportQueue queue;
    private final ImportWorker worker;
    private final ImportSettings settings;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Semaphore slots;
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private volatile boolean closed;

    private ImportRunner(ImportQueue queue, ImportWorker worker, ImportSettings settings) {
        this.queue = queue;
        this.worker = worker;
        this.settings = settings;
        this.slots = new Semaphore(settings.concurrency());
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, "import-worker"));
        this.timer = Executors.newScheduledThreadPool(1, r -> daemon(r, "import-lease"));
    }

    /**
     * @param partnerRetrieve the initiating gateway's retrieve, for partner imports (null: none)
     * @param audit           null when auditing is off
     */
    public static ImportRunner start(Database db, ImportSettings settings, String localIssuer,
                                     PatientCrossReference crossReference, Pacs pacs, IngestService ingest,
                                     CrossCommunityRetrieve partnerRetrieve, StudyPublisher publisher,
                                     AuditService audit, DicomLimits limits, Clock clock) {
        ImportQueue queue = new ImportQueue(db.dataSource(), settings.nodeName(), clock);
        ImportTarget target = DimseImportTarget.isDimse(settings.target())
                ? DimseImportTarget.of(settings.target(), settings.modifyingSystem(), db, pacs, ingest)
                : new PacsImportTarget(db, pacs, ingest);
        ImportWorker worker = new ImportWorker(db, settings, localIssuer,
                new Reconciler(db, crossReference, localIssuer, settings.matchThreshold()), target,
                partnerRetrieve == null ? null : new PartnerStudySource(partnerRetrieve), publisher,
                new ImportAudit(audit, localIssuer, clock), limits, clock);
        ImportRunner runner = new ImportRunner(queue, worker, settings);
        try {
            int released = queue.releaseOwn();
            if (released > 0) {
                LOG.info(() -> "import: resuming " + released + " job(s) this node held before it stopped");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "import: could not release this node's old leases: " + e.getMessage());
        }
        long renew = Math.max(500, settings.lease().toMillis() / 3);
        runner.timer.scheduleWithFixedDelay(runner::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
        Thread poller = new Thread(runner::pollLoop, "import-poller");
        poller.setDaemon(true);
        poller.start();
        LOG.info(() -> String.format("import workers started node=%s concurrency=%d lease=%ds target=%s",
                settings.nodeName(), settings.concurrency(), settings.lease().toSeconds(), target.kind()));
        return runner;
    }

    /** Looks for work now rather than at the next poll (after a job was created or confirmed). */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void pollLoop() {
        while (!closed) {
            try {
                slots.acquire();
                Optional<String> job = Optional.empty();
                try {
                    job = queue.claim(settings.lease());
                } catch (SQLException | RuntimeException e) {
                    LOG.log(Level.WARNING, "import: claiming a job failed: " + e.getMessage());
                }
                if (job.isEmpty()) {
                    slots.release();
                    synchronized (wake) {
                        wake.wait(POLL_MILLIS);
                    }
                    continue;
                }
                String id = job.get();
                AtomicBoolean ours = new AtomicBoolean(true);
                running.put(id, ours);
                workers.execute(() -> {
                    try {
                        worker.run(id, queue.node(), ours::get);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "import " + id + " worker ended with " + e, e);
                    } finally {
                        running.remove(id);
                        try {
                            queue.release(id);
                        } catch (SQLException e) {
                            LOG.fine(() -> "import " + id + " release failed (lease runs out): " + e);
                        }
                        slots.release();
                        wakeUp();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "import poller: " + e, e);
            }
        }
    }

    private void renewLeases() {
        running.forEach((id, ours) -> {
            try {
                if (!queue.renew(id, settings.lease())) {
                    ours.set(false);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warning(() -> "import " + id + " lease not renewed: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
