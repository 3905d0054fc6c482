// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;

/**
 * The partner community calling a responding-gateway endpoint, as the XUA check established it
 * ({@link XuaPrincipal} on the CXF exchange: the partner whose TLS identity and SAML issuer
 * were verified). Only the endpoints read it; the services get the homeCommunityId as a value.
 */
final class CallingPartner {
    private CallingPartner() {}

    /** The calling partner's homeCommunityId, or null outside a verified XUA call. */
    static String homeCommunityId() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Exchange exchange = message == null ? null : message.getExchange();
        XuaPrincipal principal = exchange == null ? null : exchange.get(XuaPrincipal.class);
        return principal == null || principal.partner() == null ? null : principal.partner().homeCommunityId();
    }
}
