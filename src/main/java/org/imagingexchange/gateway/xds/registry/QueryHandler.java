// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.PatientIdBasedStoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.StoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.ValidationMessage;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.AdhocQueryRequestValidator;

/**
 * ITI-18 Registry Stored Query at the Document Registry (ITI TF-2 3.18.4.1.3):
 * <ol>
 * <li>validates the request in its ebXML form with IPF's AdhocQueryRequestValidator (ITI-18
 *     profile): missing parameters give XDSStoredQueryMissingParam, repeated or mutually
 *     exclusive ones XDSStoredQueryParamNumber, a query id that is not an ITI-18 stored query
 *     XDSUnknownStoredQuery, other malformed values XDSRegistryError;</li>
 * <li>a {@code home} attribute naming another community gives XDSUnknownCommunity;</li>
 * <li>a patient-based query for an unknown patient gives XDSUnknownPatientId (this gateway's
 *     contract; ITI TF-3 Table 4.2.4.1-2 lists the code for XGQ only);</li>
 * <li>more than {@code maxResults} objects give XDSTooManyResults and no objects.</li>
 * </ol>
 */
final class QueryHandler {
    private static final Logger LOG = Logger.getLogger(QueryHandler.class.getName());

    private final Database db;
    private final RegistrySettings settings;
    private final PatientIdentityCheck patients;
    private final RegistryRows rows;
    private final QueryResponses responses;

    QueryHandler(Database db, RegistrySettings settings, PatientIdentityCheck patients, RegistryRows rows) {
        this.db = db;
        this.settings = settings;
        this.patients = patients;
        this.rows = rows;
        this.responses = new QueryResponses(rows, settings.homeCommunityId());
    }

    QueryResponse query(QueryRegistry request) {
        long start = System.nanoTime();
        String home = settings.homeCommunityId();
        String queryId = request == null || request.getQuery() == null ? null : request.getQuery().getType().getId();
        try {
            validate(request);
            Query query = request.getQuery();
            if (query instanceof StoredQuery sq && sq.getHomeCommunityId() != null
                    && !home.equalsIgnoreCase(sq.getHomeCommunityId())) {
                throw XdsErrors.error(ErrorCode.UNKNOWN_COMMUNITY,
                        "homeCommunityId " + sq.getHomeCommunityId() + " is not served here", home);
            }
            if (query instanceof PatientIdBasedStoredQuery p && !patients.isKnown(p.getPatientId())) {
                throw XdsErrors.error(ErrorCode.UNKNOWN_PATIENT_ID, "patient id is not known", home);
            }
            QueryResult result = db.inTransaction(em ->
                    new StoredQueries(em, rows, settings.maxResults()).run(query, home));
            if (result.size() > settings.maxResults()) {
                throw XdsErrors.error(ErrorCode.TOO_MANY_RESULTS, "query selects more than "
                        + settings.maxResults() + " objects; narrow it", home);
            }
            QueryReturnType returnType = request.getReturnType() == null ? QueryReturnType.LEAF_CLASS
                    : request.getReturnType();
            QueryResponse response = responses.build(result, returnType);
            LOG.info(() -> String.format("ITI-18 query=%s returnType=%s objects=%d %d ms", queryId,
                    returnType.getCode(), result.size(), (System.nanoTime() - start) / 1_000_000));
            return response;
        } catch (RuntimeException e) {
            var info = XdsErrors.toErrorInfo(e, ErrorCode.REGISTRY_ERROR, ErrorCode.REGISTRY_ERROR, home);
            if (XdsErrors.isBusinessError(e)) {
                LOG.info(() -> "ITI-18 query=" + queryId + " failed " + info.getErrorCode().getOpcode()
                        + ": " + info.getCodeContext());
            } else {
                LOG.log(Level.WARNING, "ITI-18 query=" + queryId + " failed", e);
            }
            QueryResponse response = new QueryResponse(Status.FAILURE);
            response.getErrors().add(info);
            return response;
        }
    }

    private static void validate(QueryRegistry request) {
        if (request == null || request.getQuery() == null) {
            throw XdsErrors.error(ErrorCode.UNKNOWN_STORED_QUERY, "no stored query given", null);
        }
        var ebxml = new QueryRegistryTransformer().toEbXML(request);
        try {
            AdhocQueryRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_18);
        } catch (XDSMetaDataException e) {
            // IPF knows the query (e.g. a multi-patient one) but not for ITI-18: to an ITI-18
            // registry its id is unknown (ITI TF-2 3.18.4.1.3).
            if (e.getValidationMessage() == ValidationMessage.UNSUPPORTED_QUERY_TYPE) {
                throw XdsErrors.error(ErrorCode.UNKNOWN_STORED_QUERY, e.getMessage(), null);
            }
            throw e;
        }
    }
}
