// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** One partner's circuit breaker (states and transitions in {@link BreakerState}). Thread-safe. */
final class CircuitBreaker {
    private final int threshold;
    private final Duration cooldown;
    private final Clock clock;
    private BreakerState state = BreakerState.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;

    CircuitBreaker(int threshold, Duration cooldown, Clock clock) {
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.clock = clock;
    }

    /** True when a call may go out now; in OPEN after the cool-down the caller becomes the probe. */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (!clock.instant().isBefore(openedAt.plus(cooldown))) {
                    state = BreakerState.HALF_OPEN;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    synchronized void success() {
        consecutiveFailures = 0;
        state = BreakerState.CLOSED;
        openedAt = null;
    }

    synchronized void failure() {
        consecutiveFailures++;
        if (state == BreakerState.HALF_OPEN || consecutiveFailures >= threshold) {
            state = BreakerState.OPEN;
            openedAt = clock.instant();
        }
    }

    synchronized BreakerState state() {
        return state;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** When the current OPEN period ends (a probe may go out), or null when not open. */
    synchronized Instant retryAfter() {
        return state == BreakerState.OPEN ? openedAt.plus(cooldown) : null;
    }
}
