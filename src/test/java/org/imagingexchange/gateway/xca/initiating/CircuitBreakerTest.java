// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.imagingexchange.gateway.community.Partner;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/** The breaker's transitions alone, and a failing partner skipped and probed again by the fan-out. */
class CircuitBreakerTest {

    @Test
    void opensAfterConsecutiveFailuresAndProbesOnceAfterTheCooldown() {
        Rig.MutableClock clock = new Rig.MutableClock();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
        breaker.failure();
        breaker.failure();
        breaker.success(); // a success resets the count
        breaker.failure();
        breaker.failure();
        assertEquals(BreakerState.CLOSED, breaker.state());
        breaker.failure();
        assertEquals(BreakerState.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire(), "the first call after the cool-down is the probe");
        assertEquals(BreakerState.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "one probe at a time");
        breaker.failure();
        assertEquals(BreakerState.OPEN, breaker.state(), "a failed probe opens it again");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire());
        breaker.success();
        assertEquals(BreakerState.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aPartnerThatKeepsFailingIsSkippedThenProbedAndRecovers() throws Exception {
        try (StubPartner b = StubPartner.of("gw-b", HCID_B); Rig rig = new Rig()) {
            rig.settings = rig.settings.withBreaker(2, Duration.ofSeconds(60));
            rig.partner(b, "gw-b", Duration.ofMillis(700)).link("P1", HCID_B, "B-1", "1.3.6.1.4.1.21367.2026.2.3")
                    .start();
            Partner partner = rig.connections.byHomeCommunityId(HCID_B).orElseThrow();
            b.delay = Duration.ofSeconds(3);
            for (int i = 0; i < 2; i++) {
                var r = rig.query.query(FanOutTest.findDocuments("P1"), Requester.SYSTEM);
                assertEquals(CommunityOutcome.Status.UNAVAILABLE, FanOutTest.outcomeOf(r, HCID_B).status());
            }
            assertEquals(BreakerState.OPEN, rig.connections.health(partner).breaker());
            assertNotNull(rig.connections.health(partner).retryAfter());
            int asked = b.queries.get();

            var skipped = rig.query.query(FanOutTest.findDocuments("P1"), Requester.SYSTEM);
            assertEquals(CommunityOutcome.Status.SKIPPED, FanOutTest.outcomeOf(skipped, HCID_B).status());
            assertEquals(HCID_B, FanOutTest.errors(skipped.response(), ErrorCode.UNAVAILABLE_COMMUNITY).get(0)
                    .getLocation());
            assertEquals(Status.PARTIAL_SUCCESS, skipped.response().getStatus(), "the local registry answered");
            assertEquals(asked, b.queries.get(), "an open breaker sends nothing");

            b.delay = Duration.ZERO;
            rig.clock.advance(Duration.ofSeconds(60));
            var probe = rig.query.query(FanOutTest.findDocuments("P1"), Requester.SYSTEM);
            assertEquals(CommunityOutcome.Status.ANSWERED, FanOutTest.outcomeOf(probe, HCID_B).status());
            assertEquals(Status.SUCCESS, probe.response().getStatus());
            HealthSnapshot h = rig.connections.health(partner);
            assertEquals(BreakerState.CLOSED, h.breaker());
            assertNull(h.retryAfter());
            assertEquals(3, h.calls());
            assertEquals(2.0 / 3, h.errorRate(), 1e-9);
            assertNotNull(h.lastSuccess());
            assertNotNull(h.p95LatencyMillis());
        }
    }

}
