// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagingexchange.gateway.soap.SoapCallException;

/**
 * One request in flight to one community, started on a plain executor with an optional
 * deadline. {@link #await()} never waits past the deadline: a request still running then is
 * cancelled (its thread interrupted) and abandoned; its socket's read timeout ends it. The
 * outcome is reported exactly once to the {@link Listener} (the partner's health), whichever of
 * the request and the deadline comes first.
 */
final class Pending<T> {
    /** Told once how the request ended. */
    interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void succeeded(long millis) {
            }

            @Override
            public void failed(long millis, String reason) {
            }
        };

        void succeeded(long millis);

        void failed(long millis, String reason);
    }

    /**
     * How a request ended: a value, or the reason it failed (no patient data in it).
     *
     * @param millis time from start to the answer or to giving up
     */
    record Attempt<T>(T value, String failure, long millis) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Future<T> future;
    private final long start;
    private final Long deadlineNanos;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Listener listener;
    private final String immediateFailure;

    private Pending(Future<T> future, long start, Duration deadline, Listener listener, String immediateFailure) {
        this.future = future;
        this.start = start;
        this.deadlineNanos = deadline == null ? null : start + deadline.toNanos();
        this.listener = listener;
        this.immediateFailure = immediateFailure;
    }

    /** Starts {@code work} on {@code executor}; {@code deadline} null = wait as long as it runs. */
    static <T> Pending<T> start(Executor executor, Callable<T> work, Duration deadline, Listener listener) {
        long start = System.nanoTime();
        CompletableFuture<T> future = new CompletableFuture<>();
        Pending<T> pending = new Pending<>(future, start, deadline, listener, null);
        executor.execute(() -> {
            if (future.isDone()) {
                return;
            }
            try {
                T value = work.call();
                pending.settle(null);
                future.complete(value);
            } catch (Exception | Error e) {
                pending.settle(reason(e));
                future.completeExceptionally(e);
            }
        });
        return pending;
    }

    /** A request that was not sent (breaker open, no endpoint): fails at once, reported to nobody. */
    static <T> Pending<T> failed(String reason) {
        return new Pending<>(CompletableFuture.completedFuture(null), System.nanoTime(), null, Listener.NONE, reason);
    }

    Attempt<T> await() {
        if (immediateFailure != null) {
            return new Attempt<>(null, immediateFailure, 0);
        }
        try {
            T value = deadlineNanos == null ? future.get()
                    : future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Attempt<>(value, null, elapsed());
        } catch (TimeoutException e) {
            future.cancel(true);
            String reason = "no answer within the deadline of " + (deadlineNanos - start) / 1_000_000 + " ms";
            settle(reason);
            return new Attempt<>(null, reason, elapsed());
        } catch (ExecutionException e) {
            return new Attempt<>(null, reason(e.getCause()), elapsed());
        } catch (CancellationException e) {
            return new Attempt<>(null, "cancelled", elapsed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            settle("interrupted");
            return new Attempt<>(null, "interrupted", elapsed());
        }
    }

    private void settle(String failure) {
        if (settled.compareAndSet(false, true)) {
            if (failure == null) {
                listener.succeeded(elapsed());
            } else {
                listener.failed(elapsed(), failure);
            }
        }
    }

    private long elapsed() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * A short reason for logs and the health view: the root cause's class, and its message only
     * for transport failures and our own (a partner's fault text could carry anything).
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean transport = root instanceof java.io.IOException && root.getClass().getName().startsWith("java")
                || root instanceof SoapCallException || root instanceof PartnerServerTrust.PartnerCertificateException;
        String msg = transport ? root.getMessage() : null;
        if (msg != null && msg.length() > 300) {
            msg = msg.substring(0, 300);
        }
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
