// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.binding.soap.interceptor.ReadHeadersInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * The IHE transactions are SOAP 1.2 only (ITI TF-2x V.3.1). CXF would dispatch a SOAP 1.1
 * envelope sent to a SOAP 1.2 endpoint as if it were fine; it gets the VersionMismatch fault of
 * SOAP 1.2 Part 1 section 5.4.7 instead, in SOAP 1.1 as the sender can read it, and is never
 * dispatched.
 */
final class Soap12OnlyInterceptor extends AbstractSoapInterceptor {

    Soap12OnlyInterceptor() {
        super(Phase.READ);
        addAfter(ReadHeadersInterceptor.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (message.getVersion() != Soap12.getInstance()) {
            SoapFault fault = new SoapFault("Version Mismatch: this endpoint accepts SOAP 1.2 only",
                    Soap11.getInstance().getVersionMismatch());
            fault.setStatusCode(500);
            throw fault;
        }
    }
}
