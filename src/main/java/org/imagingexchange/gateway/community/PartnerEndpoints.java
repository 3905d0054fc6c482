// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.net.URI;

/**
 * Where the partner's Responding Gateway answers (XCA ITI-38/39, XCA-I RAD-75); any may be null
 * when the partner offers no such endpoint. Used by the initiating side.
 */
public record PartnerEndpoints(URI iti38, URI iti39, URI rad75) {
    public static final PartnerEndpoints NONE = new PartnerEndpoints(null, null, null);

    /** Whether any endpoint is called over TLS (and so needs the partner's TLS identity to check the server). */
    public boolean usesTls() {
        return java.util.stream.Stream.of(iti38, iti39, rad75)
                .anyMatch(u -> u != null && "https".equalsIgnoreCase(u.getScheme()));
    }
}
