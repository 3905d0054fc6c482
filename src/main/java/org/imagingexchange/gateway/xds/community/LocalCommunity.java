// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.community;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * This community's own XDS-I.b actors as both gateway sides reach them: the partners' ITI-38 /
 * ITI-39 / RAD-75 at the responding side, and the local part of our users' ITI-18 / ITI-43 /
 * RAD-69 at the initiating side. {@link EmbeddedActors} are the gateway's own registry,
 * repository and Imaging Document Source; {@link ExternalActors} an existing registry,
 * repository and Imaging Document Source of the community, called by ITI-18 / ITI-43 / RAD-69.
 * A failure of an actor is an answer with a RegistryError, never an exception.
 */
public interface LocalCommunity {
    String homeCommunityId();

    QueryResponse query(QueryRegistry request);

    RetrievedDocumentSet retrieve(RetrieveDocumentSet request);

    RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request);
}
