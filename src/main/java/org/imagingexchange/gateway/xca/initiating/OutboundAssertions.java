// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

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
 *   <li>{@code issue}: a new assertion signed by this gateway ({@link AssertionIssuer}).</li>
 * </ul>
 */
public final class OutboundAssertions {
    private final AssertionIssuer issuer;

    /** @param issuer the gateway's own X-Assertion Provider, null when no signing key is configured */
    public OutboundAssertions(AssertionIssuer issuer) {
        this.issuer = issuer;
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
            case FORWARD -> requester.audienceAllows(partner.homeCommunityId()) ? requester.assertion()
                    : issuer == null ? null : issuer.issue(requester, partner.homeCommunityId(), resourceId);
            case ISSUE -> {
                if (issuer == null) {
                    throw new PartnerCallException("partner " + partner.name()
                            + " needs an issued assertion but GATEWAY_SAML_KEYSTORE is not set");
                }
                yield issuer.issue(requester, partner.homeCommunityId(), resourceId);
            }
        };
    }
}
