// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.net.URI;

/**
 * Where the partner's Responding Gateway answers (XCA ITI-38/39, XCA-I RAD-75); any may be null
 * when the partner offers no such endpoint. Used by the initiating side.
 */
public record PartnerEndpoints(URI iti38, URI iti39, URI rad75) {
    public static final PartnerEndpoints NONE = new PartnerEndpoints(null, null, null);
}
