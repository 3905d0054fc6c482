// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Keeps the WS-Security fault of a refused request on the way out: the gateway's generic fault
 * rewriting (soap.GenericFaultInterceptor) turns every Sender fault into "invalid request"
 * without subcode, but XUA failures must use the WS-Security fault codes (ITI TF-2 3.40.4.2).
 * Runs after it and puts back the fault {@link XuaInInterceptor} raised; any other fault is left
 * alone.
 */
final class XuaFaultInterceptor extends AbstractSoapInterceptor {

    XuaFaultInterceptor() {
        super(Phase.PRE_LOGICAL);
        addAfter("org.imagingexchange.gateway.soap.GenericFaultInterceptor");
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (message.getExchange().get(XuaInInterceptor.FAULT_KEY) instanceof SoapFault ours) {
            message.setContent(Exception.class, ours);
        }
    }
}
