// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.ArrayList;
import java.util.List;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * Consolidates the answers of the local registry and of the partners' Responding Gateways into
 * one ITI-18 response (ITI TF-2 3.38.4.1.3, XDS Affinity Domain Option; BRIEF 3.4 and 4.2):
 * <ul>
 *   <li>local objects carry our homeCommunityId;</li>
 *   <li>every object from a partner must carry {@code home}: those without are dropped and the
 *       partner gets one XDSMissingHomeCommunityId (location = its homeCommunityId);</li>
 *   <li>XDSUnknownPatientId is dropped, from partners and from the local registry (a patient
 *       known elsewhere may have nothing here; the code is not used in ITI-18 responses); other
 *       errors and all objects pass unchanged;</li>
 *   <li>a community that could not be asked or did not answer gets XDSUnavailableCommunity;</li>
 *   <li>status: no Error-severity error = Success (warnings alone never make PartialSuccess);
 *       errors and at least one community that answered = PartialSuccess; errors and none =
 *       Failure.</li>
 * </ul>
 */
final class QueryMerge {
    private final String ourHome;
    private final QueryResponse merged = new QueryResponse(Status.SUCCESS);
    private boolean anyAnswered;

    QueryMerge(String ourHome) {
        this.ourHome = ourHome;
    }

    /** The local registry's answer; returns the number of objects it contributed. */
    int addLocal(QueryResponse r) {
        r.getDocumentEntries().forEach(d -> d.setHomeCommunityId(homeOr(d.getHomeCommunityId())));
        r.getSubmissionSets().forEach(s -> s.setHomeCommunityId(homeOr(s.getHomeCommunityId())));
        r.getFolders().forEach(f -> f.setHomeCommunityId(homeOr(f.getHomeCommunityId())));
        r.getReferences().forEach(o -> o.setHome(homeOr(o.getHome())));
        List<ErrorInfo> errors = withoutUnknownPatient(r);
        return add(r, errors, statusWithout(r, errors));
    }

    /** A partner's answer; returns the number of objects kept. */
    int addPartner(String homeCommunityId, QueryResponse r) {
        int missing = 0;
        missing += dropWithoutHome(r.getDocumentEntries(), DocumentEntry::getHomeCommunityId);
        missing += dropWithoutHome(r.getSubmissionSets(), SubmissionSet::getHomeCommunityId);
        missing += dropWithoutHome(r.getFolders(), Folder::getHomeCommunityId);
        missing += dropWithoutHome(r.getReferences(), ObjectReference::getHome);
        List<ErrorInfo> errors = withoutUnknownPatient(r);
        Status status = statusWithout(r, errors);
        if (missing > 0) {
            errors.add(new ErrorInfo(ErrorCode.MISSING_HOME_COMMUNITY_ID, missing
                    + " object(s) without homeCommunityId from this community were dropped", Severity.ERROR,
                    homeCommunityId, null));
            if (objectCount(r) == 0) {
                status = Status.FAILURE;
            }
        }
        return add(r, errors, status);
    }

    /** XDSUnknownPatientId is not used in ITI-18 responses (ITI TF-3 Table 4.2.4.1-2): dropped, local or not. */
    private static List<ErrorInfo> withoutUnknownPatient(QueryResponse r) {
        List<ErrorInfo> errors = new ArrayList<>();
        for (ErrorInfo e : r.getErrors()) {
            if (e.getErrorCode() != ErrorCode.UNKNOWN_PATIENT_ID) {
                errors.add(e);
            }
        }
        return errors;
    }

    /** A community whose only errors were XDSUnknownPatientId gave an empty answer. */
    private static Status statusWithout(QueryResponse r, List<ErrorInfo> kept) {
        boolean dropped = kept.size() < r.getErrors().size();
        return dropped && kept.stream().noneMatch(QueryMerge::isError) ? Status.SUCCESS : r.getStatus();
    }

    void unavailable(String homeCommunityId, String reason) {
        merged.getErrors().add(new ErrorInfo(ErrorCode.UNAVAILABLE_COMMUNITY, reason, Severity.ERROR,
                homeCommunityId, null));
    }

    void unknownCommunity(String homeCommunityId) {
        merged.getErrors().add(new ErrorInfo(ErrorCode.UNKNOWN_COMMUNITY, "unknown homeCommunityId", Severity.ERROR,
                homeCommunityId, null));
    }

    QueryResponse result() {
        boolean errors = merged.getErrors().stream().anyMatch(QueryMerge::isError);
        merged.setStatus(!errors ? Status.SUCCESS : anyAnswered ? Status.PARTIAL_SUCCESS : Status.FAILURE);
        return merged;
    }

    private int add(QueryResponse r, List<ErrorInfo> errors, Status status) {
        merged.getDocumentEntries().addAll(r.getDocumentEntries());
        merged.getSubmissionSets().addAll(r.getSubmissionSets());
        merged.getFolders().addAll(r.getFolders());
        merged.getAssociations().addAll(r.getAssociations());
        merged.getReferences().addAll(r.getReferences());
        merged.getErrors().addAll(errors);
        if (status != Status.FAILURE) {
            anyAnswered = true;
        }
        return objectCount(r);
    }

    static int objectCount(QueryResponse r) {
        return r.getDocumentEntries().size() + r.getSubmissionSets().size() + r.getFolders().size()
                + r.getAssociations().size() + r.getReferences().size();
    }

    static boolean isError(ErrorInfo e) {
        return e.getSeverity() != Severity.WARNING;
    }

    private String homeOr(String home) {
        return home == null || home.isBlank() ? ourHome : home;
    }

    private static <T> int dropWithoutHome(List<T> objects, java.util.function.Function<T, String> home) {
        int before = objects.size();
        objects.removeIf(o -> home.apply(o) == null || home.apply(o).isBlank());
        return before - objects.size();
    }
}
