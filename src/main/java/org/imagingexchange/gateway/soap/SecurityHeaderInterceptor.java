// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Outbound XUA (ITI-40 as X-Service User): puts the assertion chosen for this call (request
 * context property {@link #ASSERTION}) into a wsse:Security header with a wsu:Timestamp,
 * mustUnderstand="1" (WS-Security 1.1, ITI TF-2 3.40.4.1). Without an assertion, no header.
 */
public final class SecurityHeaderInterceptor extends AbstractSoapInterceptor {
    public static final String ASSERTION = SecurityHeaderInterceptor.class.getName() + ".assertion";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /** How long a request's wsu:Timestamp is valid: as long as the assertions this gateway issues. */
    public static final Duration TIMESTAMP_VALIDITY = Duration.ofMinutes(5);

    public SecurityHeaderInterceptor() {
        super(Phase.PRE_PROTOCOL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (!(message.getContextualProperty(ASSERTION) instanceof Element assertion)) {
            return;
        }
        Element security = security(newDocument(), assertion);
        security.getOwnerDocument().appendChild(security);
        SoapHeader header = new SoapHeader(new QName(WSSE, "Security"), security);
        header.setMustUnderstand(true);
        message.getHeaders().add(header);
    }

    /**
     * The wsse:Security element for {@code assertion}, created in {@code doc} (not yet placed):
     * a wsu:Timestamp valid as long as the assertions we issue, then the assertion.
     */
    public static Element security(Document doc, Element assertion) {
        Element security = doc.createElementNS(WSSE, "wsse:Security");
        Element ts = doc.createElementNS(WSU, "wsu:Timestamp");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Element created = doc.createElementNS(WSU, "wsu:Created");
        created.setTextContent(now.toString());
        Element expires = doc.createElementNS(WSU, "wsu:Expires");
        expires.setTextContent(now.plus(TIMESTAMP_VALIDITY).toString());
        ts.appendChild(created);
        ts.appendChild(expires);
        security.appendChild(ts);
        security.appendChild(doc.importNode(assertion, true));
        return security;
    }

    public static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
