// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.interceptor.security.DefaultSecurityContext;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.SecurityContext;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.JAXWSAConstants;
import org.apache.cxf.ws.addressing.soap.MAPCodec;
import org.w3c.dom.Element;

/**
 * XUA X-Service Provider on a protected endpoint: before the body is read, validates the
 * wsse:Security header with {@link AssertionValidator} and applies the user-level access rules,
 * then puts the {@link XuaPrincipal} on the exchange ({@code exchange.get(XuaPrincipal.class)})
 * and as the JAX-WS user principal. A refused request ends here with a generic WS-Security fault
 * ({@link WsSecurityFaults}); the service is never invoked; the exact reason goes to the
 * {@link SecurityEventSink}. Declares wsse:Security understood (it is sent mustUnderstand="1").
 */
final class XuaInInterceptor extends AbstractSoapInterceptor {
    static final String FAULT_KEY = XuaInInterceptor.class.getName() + ".fault";
    static final String REQUEST_KEY = XuaInInterceptor.class.getName() + ".request";
    private static final QName WSA_MESSAGE_ID = new QName(org.apache.cxf.ws.addressing.Names.WSA_NAMESPACE_NAME,
            "MessageID");

    private final XuaSecurity security;
    private final String endpoint;

    XuaInInterceptor(XuaSecurity security, String endpoint) {
        super(Phase.PRE_PROTOCOL);
        addAfter(MAPCodec.class.getName());
        this.security = security;
        this.endpoint = endpoint;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(WssNames.SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        X509Certificate tls = TlsClientCertificates.of(message);
        String messageId = messageId(message);
        InboundRequest request = new InboundRequest(endpoint, (String) message.get(Message.REQUEST_URL),
                action(message), messageId, TlsClientCertificates.remoteAddress(message),
                tls == null ? null : tls.getSubjectX500Principal().getName(), null, Instant.now());
        message.getExchange().put(REQUEST_KEY, request);
        List<Element> headers = message.getHeaders().stream()
                .filter(h -> WssNames.SECURITY.equals(h.getName()) && h.getObject() instanceof Element)
                .map(h -> (Element) h.getObject()).toList();
        XuaPrincipal principal;
        try {
            if (headers.size() > 1) {
                throw new XuaRejection(XuaFailure.SECURITY_HEADER, headers.size() + " wsse:Security headers");
            }
            if (countHeaders(message, WSA_MESSAGE_ID) > 1) {
                throw new XuaRejection(XuaFailure.MESSAGE_ID, "more than one wsa:MessageID");
            }
            principal = security.validator().validate(new XuaRequest(headers.isEmpty() ? null : headers.get(0),
                    messageId, tls, null, request.endpointUrl()));
            Optional<String> denied = security.authorizer().deny(principal);
            if (denied.isPresent()) {
                throw new XuaRejection(XuaFailure.ACCESS_DENIED, denied.get(), claimed(principal));
            }
        } catch (XuaRejection rejection) {
            throw reject(security, message, request, rejection);
        }
        message.getExchange().put(XuaPrincipal.class, principal);
        message.put(XuaPrincipal.class, principal);
        message.put(SecurityContext.class, new DefaultSecurityContext(principal, null));
    }

    static XuaRejection.Claimed claimed(XuaPrincipal p) {
        return new XuaRejection.Claimed(p.issuer(), p.partner().name(), p.assertionId(), p.nameId());
    }

    /** Reports the rejection and returns the fault to throw; remembers it for {@link XuaFaultInterceptor}. */
    static RuntimeException reject(XuaSecurity security, SoapMessage message, InboundRequest request,
                                   XuaRejection rejection) {
        try {
            security.sink().rejected(request, rejection);
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(XuaInInterceptor.class.getName())
                    .warning(() -> "XUA-029 security event sink failed: " + e);
        }
        var fault = WsSecurityFaults.of(rejection, message.getVersion());
        message.getExchange().put(FAULT_KEY, fault);
        return fault;
    }

    private static String messageId(Message message) {
        if (message.get(JAXWSAConstants.ADDRESSING_PROPERTIES_INBOUND) instanceof AddressingProperties maps
                && maps.getMessageID() != null) {
            return maps.getMessageID().getValue();
        }
        return null;
    }

    private static String action(Message message) {
        if (message.get(JAXWSAConstants.ADDRESSING_PROPERTIES_INBOUND) instanceof AddressingProperties maps
                && maps.getAction() != null) {
            return maps.getAction().getValue();
        }
        return null;
    }

    private static long countHeaders(SoapMessage message, QName name) {
        return message.getHeaders().stream().map(Header::getName).filter(name::equals).count();
    }
}
