// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.ws.addressing.Names;

/**
 * The SOAP faults a refused request gets (CATALOGUE section 0): SOAP 1.2 Sender with the
 * WS-Security 1.1 subcode of the failure class (SOAP 1.1: the wsse code as faultcode, WSS 1.1
 * section 12) and one generic reason for all of them, so the
 * caller learns nothing about which check failed beyond the WSS code; a Receiver fault when our
 * side failed (replay store down). No detail element, no cause.
 */
final class WsSecurityFaults {
    static final String GENERIC = "A security error was encountered when verifying the message";
    static final String INTERNAL = "Internal error: the request could not be processed";
    static final String WSA_MISSING = "A required header representing a Message Addressing Property is not present";

    private WsSecurityFaults() {}

    static SoapFault of(XuaRejection rejection, SoapVersion version) {
        String subcode = rejection.failure().faultSubcode();
        if (subcode == null) {
            SoapFault f = new SoapFault(INTERNAL, version.getReceiver());
            f.setStatusCode(500);
            return f;
        }
        if (rejection.failure() == XuaFailure.MESSAGE_ID) {
            SoapFault f = new SoapFault(WSA_MISSING, version.getSender());
            f.addSubCode(new QName(Names.WSA_NAMESPACE_NAME, "MessageAddressingHeaderRequired", "wsa"));
            f.setStatusCode(400);
            return f;
        }
        QName wsse = new QName(WssNames.WSSE, subcode, "wsse");
        if (version.getVersion() < 1.2) {
            SoapFault f = new SoapFault(GENERIC, wsse);
            f.setStatusCode(500);
            return f;
        }
        SoapFault f = new SoapFault(GENERIC, version.getSender());
        f.addSubCode(wsse);
        f.setStatusCode(400);
        return f;
    }
}
