// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the initiating side sends as XUA assertion when it calls this partner (BRIEF section 7,
 * "gateway forwarding"): nothing, the local user's assertion unchanged, or one the gateway
 * issues itself. Read and validated now; used by the cross-community work.
 */
public enum OutboundAssertionMode {
    NONE("none"),
    FORWARD("forward"),
    ISSUE("issue");

    private final String shortName;

    OutboundAssertionMode(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }

    public static Optional<OutboundAssertionMode> byShortName(String name) {
        return Arrays.stream(values()).filter(m -> m.shortName.equals(name)).findFirst();
    }
}
