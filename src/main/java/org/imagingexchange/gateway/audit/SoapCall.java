// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.JAXWSAConstants;
import org.apache.cxf.ws.addressing.Names;

/**
 * Who called a SOAP endpoint, read from the CXF message being served: the remote address, our
 * endpoint URL, the WS-Addressing ReplyTo (the requestor's ATNA UserID, ITI TF-2 3.20.7) and what
 * the security interceptors attached to the exchange with {@link #attach}: the verified XUA user
 * and the partner community.
 *
 * <pre>{@code
 * // in the XUA interceptor, once the assertion and the partner are accepted:
 * SoapCall.attach(message.getExchange(), auditUser, partner.homeCommunityId());
 * }</pre>
 */
public record SoapCall(String remoteAddress, String endpointUrl, String localAddress, String replyTo,
                       AuditUser user, String partner) {
    /** Exchange key of the partner community's homeCommunityId. */
    public static final String PARTNER = SoapCall.class.getName() + ".partner";

    public static final SoapCall NONE = new SoapCall(null, null, null, null, null, null);

    /** Attaches the verified user (may be null) and the partner (may be null) for the audit of this exchange. */
    public static void attach(Exchange exchange, AuditUser user, String partnerHomeCommunityId) {
        if (user != null) {
            exchange.put(AuditUser.class, user);
        }
        if (partnerHomeCommunityId != null) {
            exchange.put(PARTNER, partnerHomeCommunityId);
        }
    }

    /** The call being served by this thread, or {@link #NONE} outside a CXF invocation. */
    public static SoapCall current() {
        return of(PhaseInterceptorChain.getCurrentMessage());
    }

    /** The call of this (inbound) message, or {@link #NONE} when there is none. */
    public static SoapCall of(Message m) {
        if (m == null) {
            return NONE;
        }
        String remote = null;
        String url = null;
        String local = null;
        if (m.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest http) {
            remote = http.getRemoteAddr();
            url = http.getRequestURL().toString();
            local = http.getLocalAddr();
        }
        String replyTo = null;
        Object inbound = m.get(JAXWSAConstants.ADDRESSING_PROPERTIES_INBOUND);
        AddressingProperties maps = inbound instanceof AddressingProperties a ? a
                : ContextUtils.retrieveMAPs(m, false, false, false);
        if (maps != null && maps.getReplyTo() != null && maps.getReplyTo().getAddress() != null) {
            replyTo = maps.getReplyTo().getAddress().getValue();
        }
        Exchange exchange = m.getExchange();
        AuditUser user = exchange == null ? null : exchange.get(AuditUser.class);
        Object partner = exchange == null ? null : exchange.get(PARTNER);
        return new SoapCall(remote, url, local, replyTo, user, partner instanceof String s ? s : null);
    }

    /** The requesting system: ReplyTo (anonymous if none) at the remote address. */
    public AuditEvent.Participant requestor() {
        return AuditEvent.Participant.of(replyTo != null ? replyTo : Names.WSA_ANONYMOUS_ADDRESS, remoteAddress);
    }

    /** This endpoint: its URL at the local address. */
    public AuditEvent.Participant responder() {
        return AuditEvent.Participant.of(endpointUrl, localAddress);
    }
}
