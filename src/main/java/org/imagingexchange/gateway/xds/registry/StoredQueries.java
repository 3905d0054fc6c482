// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetByIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetByUuidQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsAndAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFolderAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFromDocumentQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

/**
 * Runs one ITI-18 stored query (ITI TF-2 3.18.4.1.2.3.7) inside a transaction and returns the
 * selected rows. Supported: FindDocuments, FindDocumentsByReferenceId, FindSubmissionSets,
 * FindFolders, GetAll, GetDocuments, GetFolders, GetAssociations, GetDocumentsAndAssociations,
 * GetSubmissionSets, GetSubmissionSetAndContents, GetFolderAndContents, GetFoldersForDocument,
 * GetRelatedDocuments. Anything else is XDSUnknownStoredQuery.
 */
final class StoredQueries {
    private final FindQueries find;
    private final GetQueries get;

    StoredQueries(EntityManager em, RegistryRows rows, int limit) {
        this.find = new FindQueries(em, rows, limit);
        this.get = new GetQueries(em);
    }

    QueryResult run(Query query, String location) {
        return switch (query.getType()) {
            case FIND_DOCUMENTS, FIND_DOCUMENTS_BY_REFERENCE_ID -> find.findDocuments((FindDocumentsQuery) query);
            case FIND_SUBMISSION_SETS -> find.findSubmissionSets((FindSubmissionSetsQuery) query);
            case FIND_FOLDERS -> find.findFolders((FindFoldersQuery) query);
            case GET_ALL -> find.getAll((GetAllQuery) query);
            case GET_DOCUMENTS -> get.byIds((GetByIdQuery) query, ObjectKind.DOCUMENT_ENTRY);
            case GET_FOLDERS -> get.byIds((GetByIdQuery) query, ObjectKind.FOLDER);
            case GET_DOCUMENTS_AND_ASSOCIATIONS -> {
                var q = (GetDocumentsAndAssociationsQuery) query;
                yield get.documentsAndAssociations(q, q.getAssociationStatuses());
            }
            case GET_ASSOCIATIONS -> {
                var q = (GetAssociationsQuery) query;
                yield get.associations(uuids(q, location), q.getAssociationStatuses());
            }
            case GET_SUBMISSION_SETS -> get.submissionSets(uuids((GetByUuidQuery) query, location));
            case GET_SUBMISSION_SET_AND_CONTENTS ->
                    get.containerAndContents((GetSubmissionSetAndContentsQuery) query, ObjectKind.SUBMISSION_SET, null);
            case GET_FOLDER_AND_CONTENTS -> {
                var q = (GetFolderAndContentsQuery) query;
                yield get.containerAndContents(q, ObjectKind.FOLDER, q.getAssociationStatuses());
            }
            case GET_FOLDERS_FOR_DOCUMENT -> get.foldersForDocument((GetFromDocumentQuery) query);
            case GET_RELATED_DOCUMENTS -> get.relatedDocuments((GetRelatedDocumentsQuery) query);
            default -> throw XdsErrors.error(ErrorCode.UNKNOWN_STORED_QUERY,
                    "stored query " + query.getType().getId() + " is not supported by this registry", location);
        };
    }

    /** $uuid of GetAssociations / GetSubmissionSets is required (IPF does not reject an empty list). */
    private static List<String> uuids(GetByUuidQuery q, String location) {
        if (q.getUuids() == null || q.getUuids().isEmpty()) {
            throw XdsErrors.error(ErrorCode.STORED_QUERY_MISSING_PARAM, "Missing required query parameter: $uuid",
                    location);
        }
        return q.getUuids();
    }
}
