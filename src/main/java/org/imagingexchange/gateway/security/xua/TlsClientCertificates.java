// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * The client certificate the TLS layer verified for this request (mutual TLS on the
 * partner-facing port), as CXF's servlet transport reports it, or null without one.
 */
final class TlsClientCertificates {
    private TlsClientCertificates() {}

    static X509Certificate of(Message message) {
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        if (tls != null && tls.getPeerCertificates() != null && tls.getPeerCertificates().length > 0) {
            Certificate first = tls.getPeerCertificates()[0];
            return first instanceof X509Certificate x ? x : null;
        }
        if (message.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest request
                && request.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
                && chain.length > 0) {
            return chain[0];
        }
        return null;
    }

    static String remoteAddress(Message message) {
        return message.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest request
                ? request.getRemoteAddr() : null;
    }
}
