// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.List;
import javax.xml.namespace.QName;
import org.imagingexchange.gateway.community.CodedValue;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;

/**
 * Writing the XSPA attributes of an XUA assertion (ITI TF-2 3.40.4.1.2) with OpenSAML: plain
 * string values, and the HL7 v3 CE elements that role and purpose of use carry inside their
 * AttributeValue (BRIEF section 12 item 9). Used by the gateway when it issues assertions and
 * by the tests that build them.
 */
public final class XspaStatements {
    private XspaStatements() {}

    /** Adds attribute {@code name} with string values; nothing when there are none. */
    public static void text(AttributeStatement st, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        Attribute attr = attribute(name);
        for (String v : values) {
            XSString s = (XSString) builders().getBuilder(XSString.TYPE_NAME)
                    .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            s.setValue(v);
            attr.getAttributeValues().add(s);
        }
        st.getAttributes().add(attr);
    }

    /** Adds attribute {@code name} with one {@code hl7:<element>} CE per value; nothing when there are none. */
    public static void coded(AttributeStatement st, String name, String element, List<CodedValue> values) {
        if (values.isEmpty()) {
            return;
        }
        Attribute attr = attribute(name);
        for (CodedValue v : values) {
            XSAny value = (XSAny) builders().getBuilder(XSAny.TYPE_NAME).buildObject(AttributeValue.DEFAULT_ELEMENT_NAME);
            XSAny ce = (XSAny) builders().getBuilder(XSAny.TYPE_NAME).buildObject(WssNames.HL7, element, "hl7");
            ce.getUnknownAttributes().put(new QName("code"), v.code());
            ce.getUnknownAttributes().put(new QName("codeSystem"), v.codeSystem());
            if (v.codeSystemName() != null) {
                ce.getUnknownAttributes().put(new QName("codeSystemName"), v.codeSystemName());
            }
            if (v.displayName() != null) {
                ce.getUnknownAttributes().put(new QName("displayName"), v.displayName());
            }
            ce.getUnknownAttributes().put(new QName("http://www.w3.org/2001/XMLSchema-instance", "type", "xsi"), "hl7:CE");
            value.getUnknownXMLObjects().add(ce);
            attr.getAttributeValues().add(value);
        }
        st.getAttributes().add(attr);
    }

    private static Attribute attribute(String name) {
        Attribute attr = make(Attribute.DEFAULT_ELEMENT_NAME);
        attr.setName(name);
        attr.setNameFormat(Attribute.URI_REFERENCE);
        return attr;
    }

    /** A new SAML object of the element {@code name} from OpenSAML's builders (after {@link OpenSaml#initialize()}). */
    @SuppressWarnings("unchecked")
    public static <T> T make(QName name) {
        return (T) builders().getBuilder(name).buildObject(name);
    }

    private static XMLObjectBuilderFactory builders() {
        return XMLObjectProviderRegistrySupport.getBuilderFactory();
    }
}
