// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.List;
import java.util.Optional;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.message.MessageContentsList;
import org.apache.cxf.phase.Phase;

/**
 * Second half of the XUA check, once the body is unmarshalled and before the service runs:
 * the patient the request names must be the assertion's resource-id (access policy), then the
 * acceptance is reported to the {@link SecurityEventSink}. Fails closed when the first half did
 * not leave a principal.
 */
final class XuaPatientInterceptor extends AbstractSoapInterceptor {
    private final XuaSecurity security;

    XuaPatientInterceptor(XuaSecurity security) {
        super(Phase.PRE_INVOKE);
        this.security = security;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        InboundRequest request = (InboundRequest) message.getExchange().get(XuaInInterceptor.REQUEST_KEY);
        XuaPrincipal principal = message.getExchange().get(XuaPrincipal.class);
        if (principal == null || request == null) {
            throw XuaInInterceptor.reject(security, message, request, new XuaRejection(XuaFailure.INTERNAL,
                    "no verified principal before invocation"));
        }
        MessageContentsList params = MessageContentsList.getContentsList(message);
        List<String> patientIds = RequestPatientIds.of(params == null ? List.of() : params);
        InboundRequest withPatient = request.withPatientId(patientIds.isEmpty() ? null : patientIds.get(0));
        for (String patientId : patientIds) {
            Optional<String> denied = security.authorizer().denyPatient(principal, patientId);
            if (denied.isPresent()) {
                throw XuaInInterceptor.reject(security, message, request.withPatientId(patientId),
                        new XuaRejection(XuaFailure.ACCESS_DENIED, denied.get(), XuaInInterceptor.claimed(principal)));
            }
        }
        try {
            security.sink().accepted(withPatient, principal);
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(XuaPatientInterceptor.class.getName())
                    .warning(() -> "XUA-029 security event sink failed: " + e);
        }
    }
}
