// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.imaging;

import java.util.function.Function;
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
import org.openehealth.ipf.commons.ihe.xds.rad69.Rad69PortType;

/** RAD-69 Retrieve Imaging Document Set, Imaging Document Source actor (MTOM, streamed). */
public final class Rad69Endpoint implements Rad69PortType {
    private static final Logger LOG = Logger.getLogger(Rad69Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Function<RetrieveImagingDocumentSet, RetrievedDocumentSet> source;

    public Rad69Endpoint(ImagingDocumentSource source) {
        this(source::retrieve);
    }

    /** A RAD-69 endpoint answered by {@code service} (e.g. the Initiating Imaging Gateway's routing). */
    public Rad69Endpoint(Function<RetrieveImagingDocumentSet, RetrievedDocumentSet> service) {
        this.source = service;
    }

    @Override
    public RetrieveDocumentSetResponseType documentRepositoryRetrieveImagingDocumentSet(
            RetrieveImagingDocumentSetRequestType body) {
        RetrievedDocumentSet response;
        try {
            var ebxml = new EbXMLRetrieveImagingDocumentSetRequest30(body);
            RetrieveImagingDocumentSetRequestValidator.getInstance().validate(ebxml, RAD.Interactions.RAD_69);
            RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).fromEbXML(ebxml);
            response = source.apply(request);
        } catch (XDSMetaDataException e) {
            LOG.info(() -> "RAD-69 rejected: " + e.getMessage());
            response = new RetrievedDocumentSet(e, e.getValidationMessage().getErrorCode(), ErrorCode.REPOSITORY_ERROR, null);
        } catch (RuntimeException e) {
            LOG.warning(() -> "RAD-69 failed: " + e);
            response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, null);
        }
        RetrieveDocumentSetResponseType answer =
                new RetrieveDocumentSetResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.rad69(body, answer); // ATNA audit (issue 3)
        return answer;
    }
}
