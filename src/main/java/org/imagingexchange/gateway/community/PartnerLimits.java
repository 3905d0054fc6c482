// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.time.Duration;

/**
 * How the initiating side treats a slow partner (DESIGN section 4): connect timeout, idle-read
 * timeout (a retrieve is not cut while bytes flow), overall query deadline, and the number of
 * concurrent requests sent to it.
 */
public record PartnerLimits(Duration connectTimeout, Duration idleTimeout, Duration queryDeadline,
                            int maxConcurrentRequests) {
    public static final PartnerLimits DEFAULTS = new PartnerLimits(
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 8);
}
