// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import javax.xml.namespace.QName;

/** Namespaces and element names of WS-Security, SAML and XML-Signature that the XUA code checks. */
final class WssNames {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String WSSE11 = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";
    static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String SAML2P = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML1 = "urn:oasis:names:tc:SAML:1.0:assertion";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String DS11 = "http://www.w3.org/2009/xmldsig11#";
    static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    static final String XML = "http://www.w3.org/XML/1998/namespace";
    static final String HL7 = "urn:hl7-org:v3";
    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

    static final QName SECURITY = new QName(WSSE, "Security");

    private WssNames() {}
}
