// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Instant;

/**
 * Remembers message keys (a partner's WS-Addressing MessageID, a OneTimeUse assertion ID) until
 * they expire, so a replayed message is refused (SAML-22, WSA-04). Implementations are
 * thread-safe; the JDBC one is shared by every gateway instance on the same database.
 */
public interface ReplayCache {

    /**
     * Records {@code key} until {@code expiresAt}; true if it was not already recorded (and
     * unexpired), false if this is a replay.
     *
     * @throws ReplayCacheException if the store cannot answer (the request is then refused)
     */
    boolean firstUse(String key, String partner, Instant expiresAt, Instant now);

    /** The store could not be reached or failed. */
    final class ReplayCacheException extends RuntimeException {
        public ReplayCacheException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
