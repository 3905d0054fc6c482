// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the initiating side has seen of one partner: last success and failure, the error rate
 * and the 95th percentile latency over the last {@value #WINDOW} calls, and its circuit breaker.
 * A call fails when the partner could not be reached, did not answer in time or answered with
 * a SOAP fault; an answer carrying IHE errors is a success of the exchange. Thread-safe.
 */
final class PartnerHealth {
    static final int WINDOW = 100;

    private final CircuitBreaker breaker;
    private final Clock clock;
    private final long[] latencies = new long[WINDOW];
    private final boolean[] failed = new boolean[WINDOW];
    private int count;
    private long total;
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;

    PartnerHealth(CircuitBreaker breaker, Clock clock) {
        this.breaker = breaker;
        this.clock = clock;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    synchronized void success(long millis) {
        add(millis, false);
        lastSuccess = clock.instant();
        breaker.success();
    }

    synchronized void failure(long millis, String reason) {
        add(millis, true);
        lastFailure = clock.instant();
        lastError = reason;
        breaker.failure();
    }

    private void add(long millis, boolean failure) {
        int i = (int) (total % WINDOW);
        latencies[i] = millis;
        failed[i] = failure;
        total++;
        count = (int) Math.min(WINDOW, total);
    }

    synchronized HealthSnapshot snapshot() {
        long errors = 0;
        for (int i = 0; i < count; i++) {
            if (failed[i]) {
                errors++;
            }
        }
        Long p95 = null;
        if (count > 0) {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            p95 = sorted[Math.max(0, (int) Math.ceil(count * 0.95) - 1)];
        }
        return new HealthSnapshot(total, count == 0 ? null : (double) errors / count, p95, lastSuccess, lastFailure,
                lastError, breaker.state(), breaker.consecutiveFailures(), breaker.retryAfter());
    }
}
