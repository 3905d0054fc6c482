// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * This community's own XDS-I.b actors as the initiating side reaches them: in the running
 * gateway the embedded registry, repository and Imaging Document Source.
 */
public interface LocalCommunity {
    String homeCommunityId();

    QueryResponse query(QueryRegistry request);

    RetrievedDocumentSet retrieve(RetrieveDocumentSet request);

    RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request);
}
