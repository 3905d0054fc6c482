// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.frontend.ClientProxy;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.soap.SecurityHeaderInterceptor;
import org.imagingexchange.gateway.soap.SoapClients;
import org.imagingexchange.gateway.soap.StreamedRetrieveCall;
import org.imagingexchange.gateway.soap.XdsNamespaces;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti38.Iti38PortType;
import org.w3c.dom.Element;

/**
 * The SOAP clients of one partner's Responding Gateway, created once per partner and kept:
 * ITI-38 from IPF's port type and WSDL on CXF (SOAP 1.2, WS-Addressing with mustUnderstand
 * Action), and ITI-39 / RAD-75 over {@link StreamedRetrieveCall}, whose answers stream from the
 * partner's connection while they are written to our consumer (CXF's client would first spool
 * every attachment to disk). All with mutual TLS, the partner's connect and idle-read timeouts,
 * and the outbound XUA header. The request context is per thread, so one proxy serves
 * concurrent calls.
 *
 * <p>Speaks the IPF model on both sides; the ebXML conversion happens here.
 */
final class PartnerClient {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    private static final String XDS_B = XdsNamespaces.XDS_B;

    private final Partner partner;
    private final Iti38PortType iti38;
    private final StreamedRetrieveCall iti39;
    private final StreamedRetrieveCall rad75;

    /** {@code tlsSockets}: the partner's own TLS ({@link PartnerTls#socketFactory}), for every transaction. */
    PartnerClient(Bus bus, Partner partner, SSLSocketFactory tlsSockets) {
        this.partner = partner;
        Duration idle = partner.limits().idleTimeout();
        Duration query = partner.limits().queryDeadline();
        // a query is abandoned at its deadline: its socket gives up shortly after, freeing the thread
        Duration queryRead = idle.compareTo(query) < 0 ? idle : query.plusSeconds(1);
        URI e = partner.endpoints().iti38();
        Duration connect = partner.limits().connectTimeout();
        iti38 = e == null ? null : SoapClients.port(bus, Iti38PortType.class, e, "wsdl/iti38.wsdl",
                new QName(XDS_B, "RespondingGateway_Service"), new QName(XDS_B, "RespondingGateway_Port_Soap12"),
                tlsSockets, connect, queryRead);
        e = partner.endpoints().iti39();
        // retrieves: only the idle-read timeout, no deadline, so a long retrieve is not cut while bytes flow
        iti39 = e == null ? null : new StreamedRetrieveCall(e, tlsSockets, connect, idle);
        e = partner.endpoints().rad75();
        rad75 = e == null ? null : new StreamedRetrieveCall(e, tlsSockets, connect, idle);
    }

    Partner partner() {
        return partner;
    }

    boolean canQuery() {
        return iti38 != null;
    }

    boolean canRetrieve() {
        return iti39 != null;
    }

    boolean canRetrieveImages() {
        return rad75 != null;
    }

    /** ITI-38 Cross Gateway Query. */
    QueryResponse query(QueryRegistry request, Element assertion) {
        require(iti38, "ITI-38");
        var body = new QueryRegistryTransformer(FACTORY).toEbXML(request).getInternal();
        var answer = withAssertion(iti38, assertion, () -> iti38.documentRegistryRegistryStoredQuery(body));
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(answer));
    }

    /** ITI-39 Cross Gateway Retrieve; documents stream from the partner's response when read. */
    RetrievedDocumentSet retrieve(RetrieveDocumentSet request, Element assertion) {
        require(iti39, "ITI-39");
        var body = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal();
        var answer = iti39.send(StreamedRetrieveCall.ITI39_ACTION, body, assertion);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(answer));
    }

    /** RAD-75 Cross Gateway Retrieve Imaging Document Set; instances stream from the partner when read. */
    RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request, Element assertion) {
        require(rad75, "RAD-75");
        var body = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal();
        var answer = rad75.send(StreamedRetrieveCall.RAD75_ACTION, body, assertion);
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(answer));
    }

    private void require(Object port, String transaction) {
        if (port == null) {
            throw new PartnerCallException("partner " + partner.name() + " has no " + transaction + " endpoint");
        }
    }

    private static <T> T withAssertion(Object proxy, Element assertion, java.util.function.Supplier<T> call) {
        Map<String, Object> context = ClientProxy.getClient(proxy).getRequestContext();
        if (assertion != null) {
            context.put(SecurityHeaderInterceptor.ASSERTION, assertion);
        }
        try {
            return call.get();
        } finally {
            context.remove(SecurityHeaderInterceptor.ASSERTION);
        }
    }
}
