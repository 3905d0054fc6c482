// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.ArrayList;
import java.util.List;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The local user behind a request to the initiating side: the principal of the XUA assertion the
 * gateway verified (null when the endpoint does not require XUA and none was sent) and that
 * assertion as received, signature intact, for forwarding (BRIEF section 7).
 */
public record Requester(XuaPrincipal principal, Element assertion) {
    private static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

    /** Nobody identified: the gateway acts as itself. */
    public static final Requester SYSTEM = new Requester(null, null);

    /** The inbound assertion's ID (for the audit trail), or null. */
    public String assertionId() {
        if (principal != null) {
            return principal.assertionId();
        }
        return assertion == null ? null : assertion.getAttribute("ID");
    }

    /** The Audience URIs of the inbound assertion's AudienceRestrictions. */
    public List<String> audiences() {
        List<String> out = new ArrayList<>();
        if (assertion == null) {
            return out;
        }
        NodeList list = assertion.getElementsByTagNameNS(SAML2, "Audience");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent().strip());
        }
        return out;
    }

    /** True when the inbound assertion may be sent on to the community {@code homeCommunityId}. */
    public boolean audienceAllows(String homeCommunityId) {
        return assertion != null && audiences().contains(homeCommunityId);
    }
}
