// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.List;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The rules a responding gateway adds to the local actors' answers (BRIEF 3.4, 3.5, 6.3, 6.4):
 * a retrieve names this community in every DocumentRequest (XDSMissingHomeCommunityId,
 * XDSUnknownCommunity otherwise); every RegistryError's location is this community's
 * homeCommunityId (ITI TF-2 3.38.4.1.3, 3.39.4.1.3; RAD-75 RAD75-004), the document the error
 * is about moving into the codeContext; the status follows ITI TF-3 Table 4.2.4.2-4.
 */
final class ResponderErrors {
    private final String home;

    ResponderErrors(String home) {
        this.home = home;
    }

    String home() {
        return home;
    }

    /** The error for a DocumentRequest that does not name this community, or null when it does. */
    ErrorInfo communityError(DocumentReference ref) {
        String hcid = ref.getHomeCommunityId();
        if (hcid == null || hcid.isBlank()) {
            return error(ErrorCode.MISSING_HOME_COMMUNITY_ID, "document " + ref.getDocumentUniqueId()
                    + ": a cross-gateway retrieve must give the HomeCommunityId");
        }
        if (!hcid.strip().equalsIgnoreCase(home)) {
            return error(ErrorCode.UNKNOWN_COMMUNITY, "document " + ref.getDocumentUniqueId()
                    + ": homeCommunityId " + hcid + " is not served here");
        }
        return null;
    }

    ErrorInfo error(ErrorCode code, String context) {
        return new ErrorInfo(code, context, Severity.ERROR, home, null);
    }

    /**
     * Sets every error's location to this community; a location the local actor gave (the
     * DocumentUniqueId) is kept in the codeContext so the partner still sees which document failed.
     */
    void relocate(List<ErrorInfo> errors) {
        for (ErrorInfo e : errors) {
            String location = e.getLocation();
            if (location != null && !location.equals(home)) {
                String context = e.getCodeContext() == null ? "" : e.getCodeContext();
                if (!context.contains(location)) {
                    e.setCodeContext("document " + location + ": " + context);
                }
            }
            e.setLocation(home);
            if (e.getSeverity() == null) {
                e.setSeverity(Severity.ERROR);
            }
        }
    }

    /** The retrieve answer: our homeCommunityId echoed on every document, errors relocated, the status. */
    RetrievedDocumentSet answer(List<RetrievedDocument> documents, List<ErrorInfo> errors) {
        documents.forEach(d -> d.getRequestData().setHomeCommunityId(home));
        relocate(errors);
        RetrievedDocumentSet result = new RetrievedDocumentSet(status(documents.size(), errors), documents);
        result.setErrors(errors);
        return result;
    }

    /** Success with warnings only, PartialSuccess with errors and documents, Failure with errors and none. */
    static Status status(int documents, List<ErrorInfo> errors) {
        boolean anyError = errors.stream().anyMatch(e -> e.getSeverity() != Severity.WARNING);
        if (!anyError) {
            return Status.SUCCESS;
        }
        return documents == 0 ? Status.FAILURE : Status.PARTIAL_SUCCESS;
    }
}
