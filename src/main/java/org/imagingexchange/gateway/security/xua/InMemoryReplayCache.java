// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A replay cache for one gateway instance without a database (tests, tools). Expired entries are
 * dropped when met and by an occasional sweep, so memory is bounded by the traffic of one
 * validity window.
 */
public final class InMemoryReplayCache implements ReplayCache {
    private final ConcurrentMap<String, Instant> seen = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    @Override
    public boolean firstUse(String key, String partner, Instant expiresAt, Instant now) {
        if (now.isAfter(nextSweep)) {
            nextSweep = now.plusSeconds(60);
            seen.values().removeIf(t -> !t.isAfter(now));
        }
        boolean[] fresh = {false};
        seen.compute(key, (k, old) -> {
            if (old == null || !old.isAfter(now)) {
                fresh[0] = true;
                return expiresAt;
            }
            return old;
        });
        return fresh[0];
    }

    int size() {
        return seen.size();
    }
}
