// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.xca.initiating.BreakerState;
import org.imagingexchange.gateway.xca.initiating.HealthSnapshot;
import org.imagingexchange.gateway.xca.initiating.PartnerConnections;

/**
 * The partner health of {@code /api/partners} as MicroProfile Metrics gauges, so that operations
 * tooling (Prometheus, at {@code /metrics?scope=application}) can graph and alert on it without
 * polling the REST API. One gauge per partner and figure, tagged {@code partner} and
 * {@code community}; each scrape reads the live health snapshot, nothing is copied or kept here.
 * The values are counts, ratios and times only: no patient data, no error texts.
 *
 * <p>Exported names (Liberty appends the unit and adds {@code mp_scope="application"}; README
 * "Partner health and metrics"): {@code gateway_partner_calls}, {@code gateway_partner_error_ratio},
 * {@code gateway_partner_latency_p95_milliseconds}, {@code gateway_partner_last_success_seconds},
 * {@code gateway_partner_breaker_state}, {@code gateway_partner_consecutive_failures}.
 */
@ApplicationScoped
public class PartnerMetrics {
    @Inject
    GatewayRuntime runtime;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** At start, once the partner directory is read: the directory does not change while the gateway runs. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        runtime.ensureStarted();
        PartnerConnections connections = runtime.initiating().partners();
        for (Partner p : connections.partners()) {
            register(connections, p);
        }
    }

    private void register(PartnerConnections connections, Partner p) {
        Tag[] tags = {new Tag("partner", p.name()), new Tag("community", p.homeCommunityId())};
        gauge(connections, p, tags, "gateway.partner.calls", MetricUnits.NONE,
                "Calls to the partner since the gateway started", h -> h.calls());
        gauge(connections, p, tags, "gateway.partner.error.ratio", MetricUnits.NONE,
                "Failed share (0..1) of the last 100 calls: unreachable, too late or a SOAP fault; NaN before the first",
                h -> h.errorRate() == null ? Double.NaN : h.errorRate());
        gauge(connections, p, tags, "gateway.partner.latency.p95", MetricUnits.MILLISECONDS,
                "95th percentile duration of the last 100 calls; NaN before the first",
                h -> h.p95LatencyMillis() == null ? Double.NaN : h.p95LatencyMillis());
        gauge(connections, p, tags, "gateway.partner.last.success", MetricUnits.SECONDS,
                "Time of the last successful call, in seconds since the epoch; NaN before the first",
                h -> epochSeconds(h.lastSuccess()));
        gauge(connections, p, tags, "gateway.partner.breaker.state", MetricUnits.NONE,
                "Circuit breaker: 0 closed (calls go out), 1 half-open (one probe in flight), 2 open (calls skipped)",
                h -> breakerLevel(h.breaker()));
        gauge(connections, p, tags, "gateway.partner.consecutive.failures", MetricUnits.NONE,
                "Failed calls in a row since the last success (the breaker opens at gateway.partner.breaker.failures)",
                h -> h.consecutiveFailures());
    }

    private void gauge(PartnerConnections connections, Partner p, Tag[] tags, String name, String unit,
                       String description, Function<HealthSnapshot, Number> value) {
        Metadata metadata = Metadata.builder().withName(name).withUnit(unit).withDescription(description).build();
        registry.gauge(metadata, () -> value.apply(connections.health(p)).doubleValue(), tags);
    }

    private static double epochSeconds(Instant t) {
        return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
    }

    /** Ordered by how bad it is, not by the enum's declaration order. */
    static int breakerLevel(BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
