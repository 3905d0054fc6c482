// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import java.util.function.Function;
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
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;

/** ITI-43 Retrieve Document Set, Document Repository actor: serves the KOS manifests (MTOM). */
public final class Iti43Endpoint implements Iti43PortType {
    private static final Logger LOG = Logger.getLogger(Iti43Endpoint.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Function<RetrieveDocumentSet, RetrievedDocumentSet> repository;

    public Iti43Endpoint(RepositoryService repository) {
        this(repository::retrieve);
    }

    /** An ITI-43 endpoint answered by {@code service} (e.g. the Initiating Gateway's routing). */
    public Iti43Endpoint(Function<RetrieveDocumentSet, RetrievedDocumentSet> service) {
        this.repository = service;
    }

    @Override
    public RetrieveDocumentSetResponseType documentRepositoryRetrieveDocumentSet(RetrieveDocumentSetRequestType body) {
        RetrievedDocumentSet response;
        try {
            RetrieveDocumentSet request = new RetrieveDocumentSetRequestTransformer(FACTORY)
                    .fromEbXML(new EbXMLNonconstructiveDocumentSetRequest30(body));
            if (request.getDocuments().isEmpty()) {
                response = new RetrievedDocumentSet(new IllegalArgumentException("no DocumentRequest"),
                        ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, null);
            } else {
                response = repository.apply(request);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "ITI-43 failed: " + e);
            response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_ERROR, ErrorCode.REPOSITORY_ERROR, null);
        }
        RetrieveDocumentSetResponseType answer =
                new RetrieveDocumentSetResponseTransformer(FACTORY).toEbXML(response).getInternal();
        AuditHooks.iti43(body, answer); // ATNA audit (issue 3)
        return answer;
    }
}
