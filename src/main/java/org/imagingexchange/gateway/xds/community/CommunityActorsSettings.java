// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.community;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Where this community's registry, repository and Imaging Document Source are: each either the
 * gateway's embedded one or an existing one of the community, given by the URL of its ITI-18,
 * ITI-43 or RAD-69 endpoint.
 * <ul>
 *   <li>{@code gateway.registry.url}, {@code gateway.repository.url},
 *       {@code gateway.imaging.source.url}: {@code embedded} (default) or an http(s) URL</li>
 *   <li>{@code gateway.community.connect.timeout.seconds} (10), {@code gateway.community.read.timeout.seconds}
 *       (60: idle read, a long retrieve is not cut while bytes flow)</li>
 *   <li>https: this node's key store and trust store ({@code gateway.tls.keystore},
 *       {@code gateway.tls.truststore}), as for partner calls</li>
 * </ul>
 */
public record CommunityActorsSettings(URI registry, URI repository, URI imagingSource, Duration connectTimeout,
                                      Duration readTimeout, Path tlsKeyStore, String tlsKeyStorePassword,
                                      Path tlsTrustStore, String tlsTrustStorePassword) {
    public static final String EMBEDDED = "embedded";

    /** True when at least one actor is external. */
    public boolean anyExternal() {
        return registry != null || repository != null || imagingSource != null;
    }

    public static CommunityActorsSettings from(Config c) {
        return new CommunityActorsSettings(
                url(c, "gateway.registry.url"), url(c, "gateway.repository.url"), url(c, "gateway.imaging.source.url"),
                seconds(c, "gateway.community.connect.timeout.seconds", 10),
                seconds(c, "gateway.community.read.timeout.seconds", 60),
                path(c, "gateway.tls.keystore"), string(c, "gateway.tls.keystore.password"),
                path(c, "gateway.tls.truststore"), string(c, "gateway.tls.truststore.password"));
    }

    /** Null for embedded; a setting that is neither embedded nor an absolute http(s) URL stops the start. */
    static URI url(Config c, String name) {
        String value = string(c, name);
        if (value == null || EMBEDDED.equalsIgnoreCase(value)) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be '" + EMBEDDED + "' or an http(s) URL, not " + value);
        }
        return uri;
    }

    private static Duration seconds(Config c, String name, int fallback) {
        int s = c.getOptionalValue(name, Integer.class).orElse(fallback);
        if (s < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return Duration.ofSeconds(s);
    }

    private static Path path(Config c, String name) {
        String s = string(c, name);
        return s == null ? null : Path.of(s);
    }

    private static String string(Config c, String name) {
        return c.getOptionalValue(name, String.class).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }
}
