// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails a response body read that waits longer than the idle timeout for the next bytes.
 *
 * <p>Why: {@code java.net.http} times a request only until its response headers arrive; after
 * that a stalled PACS would block the reader forever. A whole-transfer deadline is wrong too, as
 * a large instance may take minutes while bytes keep flowing (DESIGN 4). So only a read that is
 * blocked for longer than the limit is failed, by closing the body from a check that runs on the
 * JDK's shared delayed executor (no thread of our own, which suits an application server); the
 * blocked read then ends and reports an {@link HttpTimeoutException}.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private final long idleNanos;
    private final long checkMillis;
    private final Duration idle;
    /** System.nanoTime() when the current read began, 0 when no read is in progress. */
    private volatile long readingSince;
    private volatile boolean timedOut;
    private volatile boolean closed;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idle = idle;
        this.idleNanos = idle.toNanos();
        this.checkMillis = Math.max(10, idle.toMillis() / 4);
        scheduleCheck();
    }

    @Override
    public int read() throws IOException {
        readingSince = System.nanoTime() | 1;
        try {
            return super.read();
        } catch (IOException e) {
            throw timedOut ? timeout(e) : e;
        } finally {
            readingSince = 0;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        readingSince = System.nanoTime() | 1;
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? timeout(e) : e;
        } finally {
            readingSince = 0;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        super.close();
    }

    private void scheduleCheck() {
        CompletableFuture.runAsync(this::check, CompletableFuture.delayedExecutor(checkMillis, TimeUnit.MILLISECONDS));
    }

    private void check() {
        if (closed) {
            return;
        }
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > idleNanos) {
            timedOut = true;
            closed = true;
            try {
                in.close();
            } catch (IOException e) {
                // the blocked read reports the timeout
            }
            return;
        }
        scheduleCheck();
    }

    private HttpTimeoutException timeout(IOException cause) {
        HttpTimeoutException e = new HttpTimeoutException("no bytes from the PACS for " + idle);
        e.initCause(cause);
        return e;
    }
}
