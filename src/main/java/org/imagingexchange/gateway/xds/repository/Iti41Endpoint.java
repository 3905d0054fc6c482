// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLProvideAndRegisterDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.ResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;

/**
 * ITI-41 Provide and Register Document Set-b, Document Repository actor; also takes RAD-68
 * (a KOS manifest with XDS-I.b metadata) from other Imaging Document Sources.
 */
public final class Iti41Endpoint implements Iti41PortType {
    private static final Logger LOG = Logger.getLogger(Iti41Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final RepositoryService repository;

    public Iti41Endpoint(RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public RegistryResponseType documentRepositoryProvideAndRegisterDocumentSetB(ProvideAndRegisterDocumentSetRequestType body) {
        Response response;
        try {
            var ebxml = new EbXMLProvideAndRegisterDocumentSetRequest30(body);
            ProvideAndRegisterDocumentSetRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_41);
            ProvideAndRegisterDocumentSet request = new ProvideAndRegisterDocumentSetTransformer(FACTORY).fromEbXML(ebxml);
            response = repository.provideAndRegister(request);
        } catch (XDSMetaDataException e) {
            LOG.info(() -> "ITI-41 rejected: " + e.getMessage());
            response = new Response(e, e.getValidationMessage().getErrorCode(), ErrorCode.REPOSITORY_ERROR, null);
        } catch (RuntimeException e) {
            LOG.warning(() -> "ITI-41 failed: " + e);
            response = new Response(e, ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, null);
        }
        RegistryResponseType answer = new ResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.iti41(body, answer); // ATNA audit (issue 3)
        return answer;
    }
}
