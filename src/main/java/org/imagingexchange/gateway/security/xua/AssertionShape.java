// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Checks on the raw DOM before anything interprets it:
 * <ul>
 *   <li>bounded size: depth, element count, attributes per element, text per element and in
 *       total (summed over adjacent text nodes: a streaming parser splits long text); the SOAP
 *       parser has wider limits for the whole message;</li>
 *   <li>no comments, CDATA sections, processing instructions or entity references inside the
 *       assertion: exclusive c14n drops comments, so a comment can split a signed NameID
 *       ("dr.house@a.example&lt;!----&gt;.evil.example") without breaking the signature, and code
 *       reading only the first text node would see another user (CVE-2017-11427 class);</li>
 *   <li>one ds:Signature, as a direct child of the assertion, and no nested assertions;</li>
 *   <li>no ID value twice in the whole document, under any ID-like attribute (ID, Id,
 *       AssertionID, wsu:Id, xml:id): the signature reference must resolve to one element.</li>
 * </ul>
 */
final class AssertionShape {
    static final int MAX_DEPTH = 24;
    static final int MAX_ELEMENTS = 3000;
    static final int MAX_ATTRIBUTES = 40;
    static final int MAX_TEXT = 64 * 1024;
    static final int MAX_TOTAL_TEXT = 512 * 1024;
    private static final Set<String> ID_NAMES = Set.of("ID", "Id", "AssertionID", "ResponseID", "RequestID");

    private AssertionShape() {}

    /** Returns the assertion's ds:Signature element, or throws. */
    static Element check(Element assertion) throws XuaRejection {
        record Item(Element element, int depth) {}
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(new Item(assertion, 0));
        int elements = 0;
        long totalText = 0;
        Element signature = null;
        while (!todo.isEmpty()) {
            Item item = todo.pop();
            Element e = item.element();
            if (++elements > MAX_ELEMENTS) {
                throw malformed("more than " + MAX_ELEMENTS + " elements in the assertion");
            }
            if (item.depth() > MAX_DEPTH) {
                throw malformed("assertion nested deeper than " + MAX_DEPTH + " levels");
            }
            if (e.getAttributes().getLength() > MAX_ATTRIBUTES) {
                throw malformed("more than " + MAX_ATTRIBUTES + " attributes on " + Dom.name(e));
            }
            if (e != assertion && Dom.is(e, WssNames.SAML2, "Assertion")) {
                throw malformed("nested assertion (Advice) is not accepted");
            }
            if (Dom.is(e, WssNames.DS, "Signature")) {
                if (e.getParentNode() != assertion) {
                    throw new XuaRejection(XuaFailure.SIGNATURE_PROFILE, "ds:Signature below "
                            + Dom.name((Element) e.getParentNode()) + " (only the assertion's own signature is accepted)");
                }
                if (signature != null) {
                    throw new XuaRejection(XuaFailure.SIGNATURE_PROFILE, "more than one ds:Signature in the assertion");
                }
                signature = e;
            }
            long text = 0;
            for (Node n = e.getLastChild(); n != null; n = n.getPreviousSibling()) {
                switch (n.getNodeType()) {
                    case Node.ELEMENT_NODE -> todo.push(new Item((Element) n, item.depth() + 1));
                    case Node.TEXT_NODE -> {
                        text += n.getNodeValue().length();
                        totalText += n.getNodeValue().length();
                        if (text > MAX_TEXT || totalText > MAX_TOTAL_TEXT) {
                            throw malformed("text longer than " + MAX_TEXT + " characters in " + Dom.name(e)
                                    + " or " + MAX_TOTAL_TEXT + " in the assertion");
                        }
                    }
                    case Node.COMMENT_NODE -> throw malformed("comment inside " + Dom.name(e));
                    case Node.CDATA_SECTION_NODE -> throw malformed("CDATA section inside " + Dom.name(e));
                    case Node.PROCESSING_INSTRUCTION_NODE -> throw malformed("processing instruction inside " + Dom.name(e));
                    default -> throw malformed("unexpected node type " + n.getNodeType() + " inside " + Dom.name(e));
                }
            }
        }
        if (signature == null) {
            throw new XuaRejection(XuaFailure.UNSIGNED, "the assertion has no ds:Signature");
        }
        return signature;
    }

    /** Throws if an ID value occurs twice anywhere in the document of {@code any}. */
    static void checkUniqueIds(Element any) throws XuaRejection {
        Element root = any.getOwnerDocument().getDocumentElement();
        Set<String> seen = new HashSet<>();
        Deque<Element> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            NamedNodeMap attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                if (isIdAttribute(a) && !seen.add(a.getValue().strip())) {
                    throw new XuaRejection(XuaFailure.DUPLICATE_ID, "ID value '" + abbreviate(a.getValue())
                            + "' occurs more than once in the message (" + a.getName() + " on " + Dom.name(e) + ")");
                }
            }
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c) {
                    todo.push(c);
                }
            }
        }
    }

    private static boolean isIdAttribute(Attr a) {
        String ns = a.getNamespaceURI();
        String local = a.getLocalName() != null ? a.getLocalName() : a.getName();
        if (ns == null) {
            return ID_NAMES.contains(local);
        }
        return (ns.equals(WssNames.WSU) && local.equals("Id")) || (ns.equals(WssNames.XML) && local.equals("id"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static XuaRejection malformed(String detail) {
        return new XuaRejection(XuaFailure.MALFORMED_ASSERTION, detail);
    }
}
