// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of XUA validation, read once at start (MicroProfile Config, so each is also an
 * environment variable):
 * <ul>
 *   <li>{@code gateway.partners.file} ({@code GATEWAY_PARTNERS_FILE}): the partner directory;
 *       none = no partners, every assertion is refused;</li>
 *   <li>{@code gateway.xua.endpoints} ({@code GATEWAY_XUA_ENDPOINTS}): comma-separated endpoint
 *       addresses under {@code /services} that require XUA, e.g. {@code xds/iti18,xds/rad69};
 *       the responding-gateway endpoints {@code rg/*} always do;</li>
 *   <li>{@code gateway.xua.clock.skew.seconds} (60): tolerated clock difference to partners;</li>
 *   <li>{@code gateway.xua.timestamp.max.age.seconds} (300): how old a wsu:Timestamp/Created may
 *       be, which is also how long a MessageID is remembered for replay detection.</li>
 * </ul>
 */
public record XuaSettings(Path partnersFile, Set<String> requiredEndpoints, Duration clockSkew,
                          Duration timestampMaxAge) {

    public static final Duration MAX_SKEW = Duration.ofMinutes(10);

    public XuaSettings {
        requiredEndpoints = requiredEndpoints.stream().map(XuaSettings::normalize).collect(Collectors.toUnmodifiableSet());
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("gateway.xua.clock.skew.seconds must be 0.." + MAX_SKEW.toSeconds());
        }
        if (timestampMaxAge.isNegative() || timestampMaxAge.isZero() || timestampMaxAge.toHours() > 24) {
            throw new IllegalArgumentException("gateway.xua.timestamp.max.age.seconds must be 1..86400");
        }
    }

    public static XuaSettings defaults() {
        return new XuaSettings(null, Set.of(), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    public static XuaSettings from(Config c) {
        String file = c.getOptionalValue("gateway.partners.file", String.class).orElse("").strip();
        String endpoints = c.getOptionalValue("gateway.xua.endpoints", String.class).orElse("");
        return new XuaSettings(file.isEmpty() ? null : Path.of(file),
                Arrays.stream(endpoints.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()),
                Duration.ofSeconds(c.getOptionalValue("gateway.xua.clock.skew.seconds", Integer.class).orElse(60)),
                Duration.ofSeconds(c.getOptionalValue("gateway.xua.timestamp.max.age.seconds", Integer.class)
                        .orElse(300)));
    }

    /** True if the endpoint at this address (e.g. "/xds/iti18") must carry a valid XUA assertion. */
    public boolean requires(String address) {
        String a = normalize(address);
        return a.startsWith("rg/") || requiredEndpoints.contains(a);
    }

    static String normalize(String address) {
        String a = address.strip();
        while (a.startsWith("/")) {
            a = a.substring(1);
        }
        if (a.startsWith("services/")) {
            a = a.substring("services/".length());
        }
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }
}
