// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.policy;

/** The answer of the {@link AccessPolicy}: allowed, or denied with the exact reason (for the log and audit only). */
public record AccessDecision(boolean allowed, String reason) {
    private static final AccessDecision ALLOW = new AccessDecision(true, "allowed");

    public static AccessDecision allow() {
        return ALLOW;
    }

    public static AccessDecision deny(String reason) {
        return new AccessDecision(false, reason);
    }
}
