// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Instant;

/**
 * One partner's health as the REST API shows it.
 *
 * @param calls               calls made since start
 * @param errorRate           failed share of the last calls (up to 100), null before the first
 * @param p95LatencyMillis    95th percentile duration of the last calls, null before the first
 * @param lastError           the reason of the last failure, without patient data
 * @param retryAfter          when an open breaker lets the next probe through, else null
 */
public record HealthSnapshot(long calls, Double errorRate, Long p95LatencyMillis, Instant lastSuccess,
                             Instant lastFailure, String lastError, BreakerState breaker, int consecutiveFailures,
                             Instant retryAfter) {}
