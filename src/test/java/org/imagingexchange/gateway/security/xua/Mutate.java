// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM surgery for the attack cases (the build-and-mutate pattern of CATALOGUE section 0). */
final class Mutate {
    private Mutate() {}

    static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    static Element descendant(Element root, String ns, String local) {
        return (Element) root.getElementsByTagNameNS(ns, local).item(0);
    }

    static Element lastChildElement(Element parent) {
        for (Node n = parent.getLastChild(); n != null; n = n.getPreviousSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    static Element signature(Element assertion) {
        return child(assertion, WssNames.DS, "Signature");
    }

    static void setText(Element e, String text) {
        while (e.getFirstChild() != null) {
            e.removeChild(e.getFirstChild());
        }
        e.appendChild(e.getOwnerDocument().createTextNode(text));
    }

    /** The AttributeValue element of the attribute with this name (first value). */
    static Element attributeValue(Element assertion, String attributeName) {
        var attrs = assertion.getElementsByTagNameNS(WssNames.SAML2, "Attribute");
        for (int i = 0; i < attrs.getLength(); i++) {
            Element a = (Element) attrs.item(i);
            if (attributeName.equals(a.getAttribute("Name"))) {
                return child(a, WssNames.SAML2, "AttributeValue");
            }
        }
        throw new IllegalArgumentException("no attribute " + attributeName);
    }

    /** A copy of the assertion with another ID and subject and no signature: the attacker's. */
    static Element evilCopy(Element assertion, String id) {
        Element evil = (Element) assertion.cloneNode(true);
        evil.setAttributeNS(null, "ID", id);
        setText(descendant(evil, WssNames.SAML2, "NameID"), "mallory@evil.example");
        Element sig = signature(evil);
        if (sig != null) {
            evil.removeChild(sig);
        }
        return evil;
    }

    static Element element(Document doc, String ns, String qname) {
        return doc.createElementNS(ns, qname);
    }

    static void setAlgorithm(Element assertion, String local, String algorithm) {
        descendant(signature(assertion), WssNames.DS, local).setAttributeNS(null, "Algorithm", algorithm);
    }
}
