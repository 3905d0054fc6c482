// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.openehealth.ipf.commons.ihe.xds.XCA;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAdhocQueryRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.AdhocQueryRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.iti38.Iti38PortType;

/**
 * ITI-38 Cross Gateway Query, Responding Gateway actor ({@code /services/rg/iti38}, behind
 * mutual TLS and XUA): validated by IPF for ITI-38, answered by {@link CrossGatewayQuery} for
 * the partner the XUA check verified; {@code home} stamped on every returned object.
 */
public final class Iti38Endpoint implements Iti38PortType {
    private static final Logger LOG = Logger.getLogger(Iti38Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final CrossGatewayQuery service;
    private final String home;

    public Iti38Endpoint(CrossGatewayQuery service, String homeCommunityId) {
        this.service = service;
        this.home = homeCommunityId;
    }

    @Override
    public AdhocQueryResponse documentRegistryRegistryStoredQuery(AdhocQueryRequest body) {
        String partner = CallingPartner.homeCommunityId();
        QueryResponse response;
        try {
            var ebxml = new EbXMLAdhocQueryRequest30(body);
            AdhocQueryRequestValidator.getInstance().validate(ebxml, XCA.Interactions.ITI_38);
            QueryRegistry query = new QueryRegistryTransformer().fromEbXML(ebxml);
            response = service.query(query, partner);
        } catch (XDSMetaDataException e) {
            LOG.info(() -> "ITI-38 partner=" + partner + " rejected: " + e.getValidationMessage());
            response = new QueryResponse(e, e.getValidationMessage().getErrorCode(), ErrorCode.REGISTRY_ERROR, home);
        } catch (RuntimeException e) {
            LOG.warning(() -> "ITI-38 partner=" + partner + " failed: " + e.getClass().getName());
            response = new QueryResponse(e, ErrorCode.REGISTRY_ERROR, ErrorCode.REGISTRY_ERROR, home);
        }
        AdhocQueryResponse answer = HomeAttributes.stamp(
                new QueryResponseTransformer(FACTORY).toEbXML(response).getInternal(), home);
        AuditHooks.iti38(body, answer); // ATNA audit: Query 110112 as Responding Gateway
        return answer;
    }
}
