// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * The background thread that empties the audit table into the Audit Record Repository: oldest
 * first, a batch at a time, each batch marked sent only once delivered. While the repository is
 * unreachable it retries with exponential backoff (1 s doubling up to the configured maximum),
 * never dropping anything: the queue is the table, so it also survives restarts.
 */
final class AuditSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditSender.class.getName());
    private static final Duration IDLE_POLL = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final AuditStore store;
    private final SyslogTlsTransport transport;
    private final int batchSize;
    private final Duration retryMax;
    private final Object signal = new Object();
    private final Thread thread;
    private boolean wakeUp;
    private volatile boolean running = true;
    private int failures;

    AuditSender(AuditStore store, SyslogTlsTransport transport, AuditSettings settings) {
        this.store = store;
        this.transport = transport;
        this.batchSize = settings.batchSize();
        this.retryMax = settings.retryMax();
        this.thread = new Thread(this::run, "audit-sender");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** New records are waiting: send them now unless backing off. */
    void wakeUp() {
        synchronized (signal) {
            wakeUp = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                int sent = store.sendOldest(batchSize, batch -> transport.send(batch.stream()
                        .map(AuditRecordEntity::getXml).toList()));
                if (failures > 0) {
                    LOG.info(() -> "AUDIT-003 audit repository " + transport.target() + " reachable again after "
                            + failures + " failed attempt(s)");
                }
                failures = 0;
                if (sent < batchSize) {
                    await(IDLE_POLL, true);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                Duration delay = backoff(failures);
                if (failures == 1 || failures % 20 == 0) {
                    LOG.warning(() -> "AUDIT-002 audit repository " + transport.target() + " not reachable ("
                            + rootMessage(e) + "); records stay queued, attempt " + failures + ", next in "
                            + delay.toSeconds() + " s");
                }
                await(delay, false);
            }
        }
    }

    Duration backoff(int failedAttempts) {
        long millis = FIRST_RETRY.toMillis() << Math.min(20, failedAttempts - 1);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }

    /** Waits up to {@code time}; a wake-up ends the wait only when {@code wakeable}. */
    private void await(Duration time, boolean wakeable) {
        long deadline = System.nanoTime() + time.toNanos();
        synchronized (signal) {
            while (running && !(wakeable && wakeUp)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wakeUp = false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.shutdown();
    }
}
