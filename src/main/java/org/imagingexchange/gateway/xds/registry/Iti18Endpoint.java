// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.util.function.Function;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.openehealth.ipf.commons.ihe.xds.XDS;
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
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;

/**
 * ITI-18 Registry Stored Query, Document Registry actor: ebXML in, validated by IPF, answered
 * by {@link RegistryService} (or, at the Initiating Gateway, by the cross-community query).
 * Invalid parameters become an ebRS RegistryError, not a fault.
 */
public final class Iti18Endpoint implements Iti18PortType {
    private static final Logger LOG = Logger.getLogger(Iti18Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Function<QueryRegistry, QueryResponse> registry;

    public Iti18Endpoint(RegistryService registry) {
        this(registry::query);
    }

    /** An ITI-18 endpoint answered by {@code service}, which sees only the IPF model. */
    public Iti18Endpoint(Function<QueryRegistry, QueryResponse> service) {
        this.registry = service;
    }

    @Override
    public AdhocQueryResponse documentRegistryRegistryStoredQuery(AdhocQueryRequest body) {
        QueryResponse response;
        try {
            var ebxml = new EbXMLAdhocQueryRequest30(body);
            AdhocQueryRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_18);
            QueryRegistry query = new QueryRegistryTransformer().fromEbXML(ebxml);
            response = registry.apply(query);
        } catch (XDSMetaDataException e) {
            LOG.info(() -> "ITI-18 rejected: " + e.getMessage());
            response = new QueryResponse(e, e.getValidationMessage().getErrorCode(), ErrorCode.REGISTRY_ERROR, null);
        } catch (RuntimeException e) {
            LOG.warning(() -> "ITI-18 failed: " + e);
            response = new QueryResponse(e, ErrorCode.REGISTRY_ERROR, ErrorCode.REGISTRY_ERROR, null);
        }
        AdhocQueryResponse answer = new QueryResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.iti18(body, answer); // ATNA audit (issue 3)
        return answer;
    }
}
