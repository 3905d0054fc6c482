// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.xca.initiating.PartnerConnections;

/** {@code /api/partners}: the partner directory with each partner's health as the initiating side sees it. */
@Path("/partners")
@RequestScoped
public class PartnersResource {
    @Inject
    GatewayRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Partner communities: endpoints, limits, outbound assertion mode, health and circuit breaker")
    @APIResponse(responseCode = "200", description = "every partner of the directory, in file order")
    public List<Map<String, Object>> partners() {
        PartnerConnections connections = runtime.initiating().partners();
        return connections.partners().stream().map(p -> view(p, connections)).toList();
    }

    private static Map<String, Object> view(Partner p, PartnerConnections connections) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("homeCommunityId", p.homeCommunityId());
        m.put("enabled", p.enabled());
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("iti38", str(p.endpoints().iti38()));
        endpoints.put("iti39", str(p.endpoints().iti39()));
        endpoints.put("rad75", str(p.endpoints().rad75()));
        m.put("endpoints", endpoints);
        m.put("outboundAssertion", p.outboundAssertion().shortName());
        m.put("limits", Map.of("connectTimeoutMillis", p.limits().connectTimeout().toMillis(),
                "idleTimeoutMillis", p.limits().idleTimeout().toMillis(),
                "queryDeadlineMillis", p.limits().queryDeadline().toMillis(),
                "maxConcurrentRequests", p.limits().maxConcurrentRequests()));
        var h = connections.health(p);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("calls", h.calls());
        health.put("errorRate", h.errorRate());
        health.put("p95LatencyMillis", h.p95LatencyMillis());
        health.put("lastSuccess", str(h.lastSuccess()));
        health.put("lastFailure", str(h.lastFailure()));
        health.put("lastError", h.lastError());
        health.put("consecutiveFailures", h.consecutiveFailures());
        m.put("health", health);
        Map<String, Object> breaker = new LinkedHashMap<>();
        breaker.put("state", h.breaker().name());
        breaker.put("retryAfter", str(h.retryAfter()));
        m.put("breaker", breaker);
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
