// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The shape of the wsse:Security header that XUA accepts: one such header for this node, holding
 * exactly one SAML 2.0 Assertion and one wsu:Timestamp and nothing else. Other token kinds are
 * named as unsupported (SAML 1.1, samlp:Response, EncryptedAssertion, binary tokens, message
 * signatures); unknown children are refused (wrapping attacks hide copies in them).
 */
record SecurityHeader(Element assertion, WsuTimestamp timestamp) {
    private static final Set<String> OUR_ROLES = Set.of(
            "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver");

    static SecurityHeader read(Element security) throws XuaRejection {
        if (security == null || !Dom.is(security, WssNames.WSSE, "Security")) {
            throw new XuaRejection(XuaFailure.NO_SECURITY_HEADER, "no wsse:Security header");
        }
        checkUnique(security);
        checkRole(security);
        List<Element> assertions = new ArrayList<>();
        List<Element> timestamps = new ArrayList<>();
        if (!Dom.onlyWhitespaceText(security)) {
            throw new XuaRejection(XuaFailure.SECURITY_HEADER, "text content in wsse:Security");
        }
        for (Element child : Dom.children(security)) {
            if (Dom.is(child, WssNames.SAML2, "Assertion")) {
                assertions.add(child);
            } else if (Dom.is(child, WssNames.WSU, "Timestamp")) {
                timestamps.add(child);
            } else {
                throw unexpected(child);
            }
        }
        if (assertions.size() != 1) {
            throw new XuaRejection(XuaFailure.ASSERTION_COUNT, assertions.size()
                    + " SAML 2.0 assertions in wsse:Security (exactly one is accepted)");
        }
        if (timestamps.size() != 1) {
            throw new XuaRejection(XuaFailure.TIMESTAMP, timestamps.size()
                    + " wsu:Timestamp elements in wsse:Security (exactly one is required)");
        }
        return new SecurityHeader(assertions.get(0), WsuTimestamp.read(timestamps.get(0)));
    }

    private static void checkUnique(Element security) throws XuaRejection {
        Node parent = security.getParentNode();
        if (!(parent instanceof Element header)) {
            return;
        }
        long count = Dom.children(header).stream().filter(e -> Dom.is(e, WssNames.WSSE, "Security")).count();
        if (count > 1) {
            throw new XuaRejection(XuaFailure.SECURITY_HEADER, count + " wsse:Security headers (exactly one is accepted)");
        }
    }

    private static void checkRole(Element security) throws XuaRejection {
        String role = security.hasAttributeNS(WssNames.SOAP12, "role") ? security.getAttributeNS(WssNames.SOAP12, "role")
                : security.hasAttributeNS(WssNames.SOAP11, "actor") ? security.getAttributeNS(WssNames.SOAP11, "actor")
                : null;
        if (role != null && !OUR_ROLES.contains(role.strip())) {
            throw new XuaRejection(XuaFailure.SECURITY_HEADER, "wsse:Security targeted at role '" + role + "'");
        }
    }

    private static XuaRejection unexpected(Element child) {
        String ns = child.getNamespaceURI() == null ? "" : child.getNamespaceURI();
        String local = child.getLocalName();
        boolean token = ns.equals(WssNames.SAML1) || ns.equals(WssNames.SAML2P) || ns.equals(WssNames.XENC)
                || ns.equals(WssNames.DS) || ns.equals(WssNames.SAML2) || ns.equals(WssNames.WSSE11)
                || (ns.equals(WssNames.WSSE) && Set.of("BinarySecurityToken", "UsernameToken",
                        "SecurityTokenReference").contains(local));
        return new XuaRejection(token ? XuaFailure.UNSUPPORTED_TOKEN : XuaFailure.SECURITY_HEADER,
                (token ? "unsupported token " : "unknown element ") + Dom.name(child) + " in wsse:Security");
    }
}
