// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/** The status and error rules of the consolidated ITI-18 response (BRIEF 3.4, 4.2). */
class QueryMergeTest {
    static final String OURS = "urn:oid:1.1";
    static final String B = "urn:oid:2.1";
    static final String C = "urn:oid:3.1";

    static QueryResponse refs(String... homes) {
        QueryResponse r = new QueryResponse(Status.SUCCESS);
        for (String h : homes) {
            r.getReferences().add(new ObjectReference("urn:uuid:" + java.util.UUID.randomUUID(), h));
        }
        return r;
    }

    static QueryResponse failure(ErrorCode code, Severity severity, String location) {
        QueryResponse r = new QueryResponse(severity == Severity.ERROR ? Status.FAILURE : Status.SUCCESS);
        r.getErrors().add(new ErrorInfo(code, "x", severity, location, null));
        return r;
    }

    @Test
    void localObjectsGetOurHomeAndPartnerObjectsKeepTheirs() {
        QueryMerge m = new QueryMerge(OURS);
        m.addLocal(refs((String) null));
        m.addPartner(B, refs(B, B));
        QueryResponse r = m.result();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(List.of(OURS, B, B), r.getReferences().stream().map(ObjectReference::getHome).toList());
    }

    @Test
    void warningsAloneAreASuccess() {
        QueryMerge m = new QueryMerge(OURS);
        m.addLocal(refs());
        QueryResponse warned = refs(B);
        warned.getErrors().add(new ErrorInfo(ErrorCode.REGISTRY_ERROR, "w", Severity.WARNING, B, null));
        m.addPartner(B, warned);
        QueryResponse r = m.result();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(1, r.getErrors().size(), "the warning is passed on");
    }

    @Test
    void errorsWithAnAnswerElsewhereArePartialSuccessEvenWithoutObjects() {
        QueryMerge m = new QueryMerge(OURS);
        m.addLocal(refs());
        m.unavailable(C, "no answer");
        assertEquals(Status.PARTIAL_SUCCESS, m.result().getStatus());
    }

    @Test
    void errorsEverywhereAreAFailure() {
        QueryMerge m = new QueryMerge(OURS);
        m.addPartner(B, failure(ErrorCode.REGISTRY_ERROR, Severity.ERROR, B));
        m.unavailable(C, "no answer");
        QueryResponse r = m.result();
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(2, r.getErrors().size());
    }

    @Test
    void unknownPatientIsDroppedAndCountsAsAnEmptyAnswer() {
        QueryMerge m = new QueryMerge(OURS);
        m.addPartner(B, failure(ErrorCode.UNKNOWN_PATIENT_ID, Severity.ERROR, B));
        m.addPartner(C, refs(C));
        QueryResponse r = m.result();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertTrue(r.getErrors().isEmpty());
    }

    @Test
    void theLocalRegistrysUnknownPatientIsDroppedToo() {
        QueryMerge m = new QueryMerge(OURS);
        m.addLocal(failure(ErrorCode.UNKNOWN_PATIENT_ID, Severity.ERROR, null));
        m.addPartner(B, refs(B));
        QueryResponse r = m.result();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertTrue(r.getErrors().isEmpty());
    }

    @Test
    void objectsWithoutHomeAreDroppedWithOneErrorForTheirCommunity() {
        QueryMerge m = new QueryMerge(OURS);
        assertEquals(1, m.addPartner(B, refs(B, null, " ")));
        QueryResponse r = m.result();
        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(1, r.getReferences().size());
        assertEquals(ErrorCode.MISSING_HOME_COMMUNITY_ID, r.getErrors().get(0).getErrorCode());
        assertEquals(B, r.getErrors().get(0).getLocation());
    }

    @Test
    void aPartnerWhoseObjectsAllLackHomeDidNotAnswer() {
        QueryMerge m = new QueryMerge(OURS);
        m.addPartner(B, refs((String) null));
        assertEquals(Status.FAILURE, m.result().getStatus());
    }
}
