// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.imagingexchange.gateway.testing.TestPaths;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The DICOM audit message schema (shared/ihe/schemas/ipf-atna/dicom2017c.xsd) and XPath over
 * audit messages, with external entity and schema access switched off.
 */
final class AuditXml {
    private static Schema schema;

    private AuditXml() {}

    static Path schemaFile() {
        return TestPaths.shared().resolve("ihe/schemas/ipf-atna/dicom2017c.xsd");
    }

    static synchronized Schema schema() throws Exception {
        if (schema == null) {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            schema = f.newSchema(schemaFile().toFile());
        }
        return schema;
    }

    /** Validates one AuditMessage (with or without XML declaration); fails with the validator's reason. */
    static void validate(String xml) throws Exception {
        Validator v = schema().newValidator();
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            v.validate(new StreamSource(new StringReader(xml)));
        } catch (org.xml.sax.SAXException e) {
            throw new AssertionError("not valid against dicom2017c.xsd: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String text(Document d, String xpath) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.STRING);
    }

    static int count(Document d, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET))
                .getLength();
    }
}
