// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imagingexchange.gateway.community.Partner;
import org.w3c.dom.Element;

/**
 * Which XUA assertion goes with a call to a partner (its {@code outboundAssertion} mode, BRIEF
 * section 7 "gateway forwarding"):
 * <ul>
 *   <li>{@code none}: no assertion;</li>
 *   <li>{@code forward}: the local user's verified inbound assertion, unchanged, when there is one
 *       and its audience names the partner's homeCommunityId; otherwise one issued by this gateway
 *       on the user's behalf if a signing key is configured, else none;</li>
 *   <li>{@code issue}: an assertion signed by this gateway ({@link AssertionIssuer}).</li>
 * </ul>
 * An issued assertion (valid five minutes) is reused for the same partner, user and patient
 * while at least {@link #REUSE_MARGIN} of its validity is left: an RSA signature per call
 * otherwise dominates the CPU of a fan-out. A bearer assertion without OneTimeUse may be
 * presented again; each message still has its own MessageID and wsu:Timestamp.
 */
public final class OutboundAssertions {
    static final Duration REUSE_MARGIN = Duration.ofMinutes(2);
    private static final int MAX_CACHED = 10_000;

    private record Issued(Element assertion, Instant expires) {}

    private final AssertionIssuer issuer;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    /** @param issuer the gateway's own X-Assertion Provider, null when no signing key is configured */
    public OutboundAssertions(AssertionIssuer issuer) {
        this(issuer, Clock.systemUTC());
    }

    OutboundAssertions(AssertionIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    public boolean canIssue() {
        return issuer != null;
    }

    /** Issues and drops one assertion, so that the first real call finds OpenSAML ready. */
    void warmUp() {
        if (issuer != null) {
            issuer.issue(Requester.SYSTEM, "urn:oid:2.25", null);
        }
    }

    /**
     * The assertion for one call; null for none.
     *
     * @throws PartnerCallException when the partner needs an issued assertion and no key is configured
     */
    public Element forCall(Partner partner, Requester requester, String resourceId) {
        return switch (partner.outboundAssertion()) {
            case NONE -> null;
            case FORWARD -> requester.audienceAllows(partner.homeCommunityId()) ? copy(requester.assertion())
                    : issuer == null ? null : issue(requester, partner.homeCommunityId(), resourceId);
            case ISSUE -> {
                if (issuer == null) {
                    throw new PartnerCallException("partner " + partner.name()
                            + " needs an issued assertion but GATEWAY_SAML_KEYSTORE is not set");
                }
                yield issue(requester, partner.homeCommunityId(), resourceId);
            }
        };
    }

    /** A copy of a still fresh assertion for the same audience, user and patient, or a new one. */
    private Element issue(Requester requester, String audience, String resourceId) {
        Instant now = clock.instant();
        String key = audience + '|' + (requester.principal() == null ? "" : requester.assertionId() + '|'
                + requester.principal().nameId()) + '|' + (resourceId == null ? "" : resourceId);
        Issued cached = issued.get(key);
        if (cached == null || !now.plus(REUSE_MARGIN).isBefore(cached.expires())) {
            cached = new Issued(issuer.issue(requester, audience, resourceId), now.plus(AssertionIssuer.VALIDITY));
            if (issued.size() >= MAX_CACHED) {
                issued.values().removeIf(i -> !now.plus(REUSE_MARGIN).isBefore(i.expires()));
            }
            issued.put(key, cached);
        }
        return copy(cached.assertion());
    }

    /** The parallel calls of a fan-out each get their own copy: a DOM is not safe for concurrent reads. */
    private static Element copy(Element assertion) {
        synchronized (assertion) {
            return (Element) assertion.cloneNode(true);
        }
    }
}
