// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.util.Objects;

/**
 * Settings of the embedded XDS registry.
 *
 * @param homeCommunityId this community's id in URI form ({@code urn:oid:...}); put on every
 *                        object an ITI-18 response returns and used as RegistryError location
 * @param maxResults      an ITI-18 query selecting more objects than this fails with
 *                        XDSTooManyResults
 */
public record RegistrySettings(String homeCommunityId, int maxResults) {
    public RegistrySettings {
        Objects.requireNonNull(homeCommunityId, "homeCommunityId");
        if (!homeCommunityId.startsWith("urn:oid:")) {
            throw new IllegalArgumentException("homeCommunityId must be urn:oid:...: " + homeCommunityId);
        }
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be positive: " + maxResults);
        }
    }
}
