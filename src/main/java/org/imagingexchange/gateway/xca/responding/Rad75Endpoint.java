// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.openehealth.ipf.commons.ihe.xds.RAD;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveImagingDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.RetrieveImagingDocumentSetRequestValidator;
import org.openehealth.ipf.commons.ihe.xds.rad75.Rad75PortType;

/**
 * RAD-75 Cross Gateway Retrieve Imaging Document Set, Responding Imaging Gateway actor
 * ({@code /services/rg/rad75}, MTOM, streamed, behind mutual TLS and XUA): validated by IPF for
 * RAD-75, answered by {@link CrossGatewayImagingRetrieve}.
 */
public final class Rad75Endpoint implements Rad75PortType {
    private static final Logger LOG = Logger.getLogger(Rad75Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final CrossGatewayImagingRetrieve service;
    private final String home;

    public Rad75Endpoint(CrossGatewayImagingRetrieve service, String homeCommunityId) {
        this.service = service;
        this.home = homeCommunityId;
    }

    @Override
    public RetrieveDocumentSetResponseType documentRepositoryRetrieveImagingDocumentSet(
            RetrieveImagingDocumentSetRequestType body) {
        String partner = CallingPartner.homeCommunityId();
        RetrievedDocumentSet response;
        try {
            var ebxml = new EbXMLRetrieveImagingDocumentSetRequest30(body);
            RetrieveImagingDocumentSetRequestValidator.getInstance().validate(ebxml, RAD.Interactions.RAD_75);
            RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).fromEbXML(ebxml);
            response = service.retrieve(request, partner);
        } catch (XDSMetaDataException e) {
            LOG.info(() -> "RAD-75 partner=" + partner + " rejected: " + e.getValidationMessage());
            response = new RetrievedDocumentSet(e, e.getValidationMessage().getErrorCode(), ErrorCode.REPOSITORY_ERROR,
                    home);
        } catch (RuntimeException e) {
            LOG.warning(() -> "RAD-75 partner=" + partner + " failed: " + e.getClass().getName());
            response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, home);
        }
        RetrieveDocumentSetResponseType answer =
                new RetrieveDocumentSetResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.rad75(body, answer); // ATNA audit: DICOM Instances Transferred 110104 as Responding Imaging Gateway
        return answer;
    }
}
