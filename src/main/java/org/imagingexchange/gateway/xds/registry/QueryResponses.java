// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * Turns selected rows into an ITI-18 response (ITI TF-2 3.18.4.1.2.1): ObjectRef returns one
 * reference per object, LeafClass the full objects. Every reference, DocumentEntry, SubmissionSet
 * and Folder carries this community's homeCommunityId (ITI TF-2 3.18.4.1.2.3.8).
 */
final class QueryResponses {
    private final RegistryRows rows;
    private final String home;

    QueryResponses(RegistryRows rows, String home) {
        this.rows = rows;
        this.home = home;
    }

    QueryResponse build(QueryResult result, QueryReturnType returnType) {
        QueryResponse response = new QueryResponse(Status.SUCCESS);
        if (returnType == QueryReturnType.OBJECT_REF) {
            for (RegistryObjectEntity row : result.rows()) {
                response.getReferences().add(new ObjectReference(row.entryUuid, home));
            }
            return response;
        }
        for (RegistryObjectEntity row : result.rows()) {
            switch (row.kind) {
                case DOCUMENT_ENTRY -> response.getDocumentEntries().add(rows.documentEntry(row, home));
                case SUBMISSION_SET -> response.getSubmissionSets().add(rows.submissionSet(row, home));
                case FOLDER -> response.getFolders().add(rows.folder(row, home));
                case ASSOCIATION -> response.getAssociations().add(rows.association(row));
            }
        }
        return response;
    }
}
