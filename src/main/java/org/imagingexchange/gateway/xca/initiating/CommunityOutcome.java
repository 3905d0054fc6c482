// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

/**
 * How one community took part in a fan-out or a routed retrieve, for logs and the console.
 *
 * @param homeCommunityId the community
 * @param name            the partner's name, or {@code local}
 * @param status          what happened
 * @param millis          time until its answer or until it was given up
 * @param objects         objects (query) or documents (retrieve) it contributed
 * @param detail          why it failed or was skipped; no patient data; null when it answered
 */
public record CommunityOutcome(String homeCommunityId, String name, Status status, long millis, int objects,
                               String detail) {
    public static final String LOCAL = "local";

    /** What happened to one community's part. */
    public enum Status {
        /** It answered (possibly with warnings or some errors). */
        ANSWERED,
        /** It answered with errors only. */
        FAILED,
        /** Unreachable, a SOAP fault, or past its deadline: XDSUnavailableCommunity. */
        UNAVAILABLE,
        /** Not asked: its circuit breaker is open (XDSUnavailableCommunity). */
        SKIPPED
    }
}
