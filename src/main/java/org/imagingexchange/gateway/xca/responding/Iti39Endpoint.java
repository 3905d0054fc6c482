// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLNonconstructiveDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti39.Iti39PortType;

/**
 * ITI-39 Cross Gateway Retrieve, Responding Gateway actor ({@code /services/rg/iti39}, MTOM,
 * behind mutual TLS and XUA): the KOS manifests, by {@link CrossGatewayRetrieve}.
 */
public final class Iti39Endpoint implements Iti39PortType {
    private static final Logger LOG = Logger.getLogger(Iti39Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final CrossGatewayRetrieve service;
    private final String home;

    public Iti39Endpoint(CrossGatewayRetrieve service, String homeCommunityId) {
        this.service = service;
        this.home = homeCommunityId;
    }

    @Override
    public RetrieveDocumentSetResponseType documentRepositoryRetrieveDocumentSet(RetrieveDocumentSetRequestType body) {
        String partner = CallingPartner.homeCommunityId();
        RetrievedDocumentSet response;
        try {
            RetrieveDocumentSet request = new RetrieveDocumentSetRequestTransformer(FACTORY)
                    .fromEbXML(new EbXMLNonconstructiveDocumentSetRequest30(body));
            response = service.retrieve(request, partner);
        } catch (RuntimeException e) {
            LOG.warning(() -> "ITI-39 partner=" + partner + " failed: " + e.getClass().getName());
            response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, home);
        }
        RetrieveDocumentSetResponseType answer =
                new RetrieveDocumentSetResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.iti39(body, answer); // ATNA audit: Export 110106 as Responding Gateway
        return answer;
    }
}
