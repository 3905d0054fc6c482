// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads SOAP answers in tests with DOM and XPath (DTDs refused). Prefixes: soap, wsa, rs, rim,
 * query, xds, xdsi.
 *
 * <pre>
 * Xml answer = Xml.parse(bytes);
 * String status = answer.text("//rs:RegistryResponse/@status");
 * </pre>
 */
public final class Xml {
    private static final Map<String, String> NAMESPACES = Map.of(
            "soap", RawSoap.SOAP12,
            "wsa", RawSoap.WSA,
            "rs", "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0",
            "rim", "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0",
            "query", "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0",
            "xds", "urn:ihe:iti:xds-b:2007",
            "xdsi", "urn:ihe:rad:xdsi-b:2009");

    private final Document document;
    private final XPath xpath;

    private Xml(Document document) {
        this.document = document;
        this.xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NAMESPACES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return List.<String>of().iterator();
            }
        });
    }

    public static Xml parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return new Xml(f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    public static Xml parse(String xml) {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The string value of an XPath expression ("" when nothing matches). */
    public String text(String expression) {
        try {
            return ((String) xpath.evaluate(expression, document, XPathConstants.STRING)).trim();
        } catch (Exception e) {
            throw new IllegalArgumentException(expression, e);
        }
    }

    /** The string values of all nodes an XPath expression selects. */
    public List<String> texts(String expression) {
        try {
            NodeList nodes = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Node n = nodes.item(i);
                values.add(n.getTextContent().trim());
            }
            return values;
        } catch (Exception e) {
            throw new IllegalArgumentException(expression, e);
        }
    }

    public int count(String expression) {
        return texts(expression).size();
    }
}
