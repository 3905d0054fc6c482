// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.cert.X509Certificate;
import org.w3c.dom.Element;

/**
 * What the validator needs of one inbound request: the wsse:Security header element (inside the
 * DOM of the SOAP envelope or header), the WS-Addressing MessageID, the client certificate the
 * TLS layer verified (null without mutual TLS), the patient id of the request if known (null
 * otherwise) and the URL the request was addressed to (for SubjectConfirmationData/@Recipient;
 * may be null).
 */
public record XuaRequest(Element securityHeader, String messageId, X509Certificate tlsClientCertificate,
                         String patientId, String endpointUrl) {
}
