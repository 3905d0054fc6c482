// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.community;

import org.imagingexchange.gateway.xds.imaging.ImagingDocumentSource;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.repository.RepositoryService;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/** The embedded registry, repository and Imaging Document Source as this gateway's {@link LocalCommunity}. */
public record EmbeddedActors(String homeCommunityId, RegistryService registry, RepositoryService repository,
                          ImagingDocumentSource imagingSource) implements LocalCommunity {
    @Override
    public QueryResponse query(QueryRegistry request) {
        return registry.query(request);
    }

    @Override
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        return repository.retrieve(request);
    }

    @Override
    public RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request) {
        return imagingSource.retrieve(request);
    }
}
