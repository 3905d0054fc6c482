// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

/**
 * The states of a partner's circuit breaker:
 * <ul>
 *   <li>{@code CLOSED}: calls go through; N consecutive failures open it;</li>
 *   <li>{@code OPEN}: calls are skipped (XDSUnavailableCommunity at once) until the cool-down
 *       has passed, then the next call becomes the probe;</li>
 *   <li>{@code HALF_OPEN}: one probe is in flight; its success closes the breaker, its failure
 *       opens it again for another cool-down; other calls are skipped meanwhile.</li>
 * </ul>
 */
public enum BreakerState { CLOSED, OPEN, HALF_OPEN }
