// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.Names;
import org.apache.cxf.ws.addressing.soap.MAPCodec;

/**
 * IHE-WSA101 wants wsa:Action with mustUnderstand="1"; CXF writes it without (BRIEF section 1).
 * Runs after CXF has turned the addressing properties into SOAP headers.
 */
public final class MustUnderstandActionInterceptor extends AbstractSoapInterceptor {

    public MustUnderstandActionInterceptor() {
        super(Phase.PRE_PROTOCOL);
        addAfter(MAPCodec.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        for (Header header : message.getHeaders()) {
            if (header instanceof org.apache.cxf.binding.soap.SoapHeader soapHeader
                    && Names.WSA_NAMESPACE_NAME.equals(header.getName().getNamespaceURI())
                    && Names.WSA_ACTION_NAME.equals(header.getName().getLocalPart())) {
                soapHeader.setMustUnderstand(true);
            }
        }
    }
}
