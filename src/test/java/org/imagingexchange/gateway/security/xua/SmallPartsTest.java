// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory replay cache and the log line sanitizer. */
class SmallPartsTest {

    @Test
    @DisplayName("in-memory replay cache: once, replay until expiry, then new again; expired entries swept")
    void inMemoryReplayCache() {
        InMemoryReplayCache cache = new InMemoryReplayCache();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        assertTrue(cache.firstUse("a", "p", now.plusSeconds(60), now));
        assertFalse(cache.firstUse("a", "p", now.plusSeconds(60), now.plusSeconds(59)));
        assertTrue(cache.firstUse("a", "p", now.plusSeconds(200), now.plusSeconds(60)));
        assertTrue(cache.firstUse("b", "p", now.plusSeconds(70), now.plusSeconds(61)));
        assertTrue(cache.firstUse("c", "p", now.plusSeconds(500), now.plusSeconds(300)));
        assertEquals(1, cache.size(), "a and b expired and were swept");
    }

    @Test
    @DisplayName("claimed values cannot forge log lines: control characters replaced, length bounded")
    void logLinesAreCleaned() {
        assertEquals("issuer=x?XUA-000 accepted", LoggingSecurityEventSink.clean("issuer=x\nXUA-000 accepted"));
        String longLine = LoggingSecurityEventSink.clean("y".repeat(10_000));
        assertEquals(2003, longLine.length());
    }
}
