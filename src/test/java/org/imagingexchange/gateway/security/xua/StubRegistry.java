// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;

/**
 * An ITI-18 service that only records that it was called, and with which user: "nothing stored
 * or forwarded" is "this was never invoked".
 */
final class StubRegistry implements Iti18PortType {
    final AtomicInteger calls = new AtomicInteger();
    final List<XuaPrincipal> principals = new CopyOnWriteArrayList<>();

    @Override
    public AdhocQueryResponse documentRegistryRegistryStoredQuery(AdhocQueryRequest body) {
        calls.incrementAndGet();
        Message m = PhaseInterceptorChain.getCurrentMessage();
        XuaPrincipal p = m == null ? null : m.getExchange().get(XuaPrincipal.class);
        if (p != null) {
            principals.add(p);
        }
        AdhocQueryResponse r = new AdhocQueryResponse();
        r.setStatus("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success");
        return r;
    }
}
