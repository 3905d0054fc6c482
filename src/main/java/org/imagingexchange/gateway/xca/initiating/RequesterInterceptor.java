// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * On the initiating endpoints: once XUA has verified the request (the principal is on the
 * exchange), keeps a copy of the saml2:Assertion element as {@link Requester} so that it can be
 * forwarded to partners unchanged. The copy lives in its own document: the request's DOM is
 * gone when the partner calls are made.
 */
public final class RequesterInterceptor extends AbstractSoapInterceptor {
    private static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

    public RequesterInterceptor() {
        super(Phase.PRE_INVOKE);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        XuaPrincipal principal = message.getExchange().get(XuaPrincipal.class);
        Element assertion = null;
        for (Header h : message.getHeaders()) {
            if (WSSE.equals(h.getName().getNamespaceURI()) && "Security".equals(h.getName().getLocalPart())
                    && h.getObject() instanceof Element security) {
                assertion = copyOfAssertion(security);
            }
        }
        if (principal != null || assertion != null) {
            // an assertion the XUA check did not verify (endpoint not protected) is never forwarded
            message.getExchange().put(Requester.class, new Requester(principal, principal == null ? null : assertion));
        }
    }

    /** The request being served on this thread's Requester, or {@link Requester#SYSTEM}. */
    public static Requester current() {
        var m = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
        Requester r = m == null || m.getExchange() == null ? null : m.getExchange().get(Requester.class);
        return r == null ? Requester.SYSTEM : r;
    }

    private static Element copyOfAssertion(Element security) {
        for (Node n = security.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SAML2.equals(e.getNamespaceURI()) && "Assertion".equals(e.getLocalName())) {
                try {
                    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                    f.setNamespaceAware(true);
                    Document doc = f.newDocumentBuilder().newDocument();
                    Element copy = (Element) doc.importNode(e, true);
                    doc.appendChild(copy);
                    return copy;
                } catch (ParserConfigurationException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return null;
    }
}
