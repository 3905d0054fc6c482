// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.XspaAttribute;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.w3c.dom.Element;

/**
 * Reads the XSPA attributes of ITI TF-2 3.40.4.1.2 (BRIEF section 7) from the verified
 * assertion: several AttributeStatements and several values are accepted where the profile
 * allows them; subject-id, homeCommunityId and resource-id take one value; role and
 * purposeofuse values are HL7 v3 CE elements ({@code <Role xmlns="urn:hl7-org:v3" code=...
 * codeSystem=.../>}) with code and codeSystem required. Each attribute may appear once. Sizes
 * are bounded (SAML-37): at most 100 attributes, 50 values each, 1024 characters a value.
 */
final class XspaAttributes {
    static final int MAX_ATTRIBUTES = 100;
    static final int MAX_VALUES = 50;
    static final int MAX_VALUE_CHARS = 1024;
    private static final Pattern OID_URN = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Set<XspaAttribute> SINGLE = Set.of(XspaAttribute.SUBJECT_ID,
            XspaAttribute.HOME_COMMUNITY_ID, XspaAttribute.RESOURCE_ID);

    private final Map<XspaAttribute, List<String>> texts = new EnumMap<>(XspaAttribute.class);
    private final Map<XspaAttribute, List<CodedValue>> codes = new EnumMap<>(XspaAttribute.class);

    private XspaAttributes() {}

    static XspaAttributes read(Assertion a) throws XuaRejection {
        XspaAttributes out = new XspaAttributes();
        int count = 0;
        for (AttributeStatement statement : a.getAttributeStatements()) {
            if (!statement.getEncryptedAttributes().isEmpty()) {
                throw attributes("EncryptedAttribute is not accepted");
            }
            for (Attribute attribute : statement.getAttributes()) {
                if (++count > MAX_ATTRIBUTES) {
                    throw attributes("more than " + MAX_ATTRIBUTES + " attributes");
                }
                if (attribute.getAttributeValues().size() > MAX_VALUES) {
                    throw attributes("attribute " + attribute.getName() + " has "
                            + attribute.getAttributeValues().size() + " values (at most " + MAX_VALUES + ")");
                }
                XspaAttribute known = attribute.getName() == null ? null
                        : XspaAttribute.bySamlName(attribute.getName().strip()).orElse(null);
                if (known != null) {
                    out.add(known, attribute);
                }
            }
        }
        return out;
    }

    private void add(XspaAttribute which, Attribute attribute) throws XuaRejection {
        if (texts.containsKey(which) || codes.containsKey(which)) {
            throw attributes(which.shortName() + " appears more than once");
        }
        List<XMLObject> values = attribute.getAttributeValues();
        if (values.isEmpty() || (SINGLE.contains(which) && values.size() != 1)) {
            throw attributes(which.shortName() + " must have " + (SINGLE.contains(which) ? "exactly one value" : "a value"));
        }
        if (which == XspaAttribute.ROLE || which == XspaAttribute.PURPOSE_OF_USE) {
            List<CodedValue> list = new ArrayList<>();
            for (XMLObject v : values) {
                list.add(coded(which, v.getDOM()));
            }
            codes.put(which, list);
            return;
        }
        List<String> list = new ArrayList<>();
        for (XMLObject v : values) {
            String text = Dom.simpleText(v.getDOM());
            if (text == null || text.isEmpty() || text.length() > MAX_VALUE_CHARS) {
                throw attributes(which.shortName() + " value is empty, too long or not plain text");
            }
            if (which == XspaAttribute.HOME_COMMUNITY_ID && !OID_URN.matcher(text).matches()) {
                throw attributes("homeCommunityId '" + text + "' is not urn:oid:<OID>");
            }
            list.add(text);
        }
        texts.put(which, list);
    }

    private static CodedValue coded(XspaAttribute which, Element value) throws XuaRejection {
        String element = which == XspaAttribute.ROLE ? "Role" : "PurposeOfUse";
        List<Element> children = Dom.children(value);
        if (children.size() != 1 || !Dom.is(children.get(0), WssNames.HL7, element) || !Dom.onlyWhitespaceText(value)) {
            throw attributes(which.shortName() + " value must be one hl7:" + element + " element (HL7 v3 CE)");
        }
        Element ce = children.get(0);
        String code = Dom.attr(ce, "code");
        String system = Dom.attr(ce, "codeSystem");
        if (blankOrLong(code) || blankOrLong(system)) {
            throw attributes(which.shortName() + " without code or codeSystem");
        }
        String systemName = Dom.attr(ce, "codeSystemName");
        String display = Dom.attr(ce, "displayName");
        if ((systemName != null && systemName.length() > MAX_VALUE_CHARS)
                || (display != null && display.length() > MAX_VALUE_CHARS)) {
            throw attributes(which.shortName() + " names too long");
        }
        return new CodedValue(code.strip(), system.strip(), systemName, display);
    }

    private static boolean blankOrLong(String s) {
        return s == null || s.isBlank() || s.length() > 256;
    }

    boolean has(XspaAttribute a) {
        return texts.containsKey(a) || codes.containsKey(a);
    }

    List<String> texts(XspaAttribute a) {
        return texts.getOrDefault(a, List.of());
    }

    String single(XspaAttribute a) {
        List<String> v = texts(a);
        return v.isEmpty() ? null : v.get(0);
    }

    List<CodedValue> codes(XspaAttribute a) {
        return codes.getOrDefault(a, List.of());
    }

    private static XuaRejection attributes(String detail) {
        return new XuaRejection(XuaFailure.ATTRIBUTES, detail);
    }
}
