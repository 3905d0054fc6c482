// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/** Splitting a RAD-69 / ITI-43 per community (NIST iig_2018-5403a) and the retrieve status rules. */
class RetrieveSplitTest {
    static final String OURS = "urn:oid:1.1";
    static final String B = "urn:oid:2.1";
    static final String C = "urn:oid:3.1";

    static DocumentReference doc(String home, String uid) {
        return new DocumentReference("1.2.9", uid, home);
    }

    @Test
    void rad69IsSplitPerCommunityKeepingNestingAndTransferSyntaxes() {
        RetrieveImagingDocumentSet r = new RetrieveImagingDocumentSet();
        r.getTransferSyntaxIds().addAll(List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"));
        r.getRetrieveStudies().add(new RetrieveStudy("S1", List.of(
                new RetrieveSeries("S1.1", List.of(doc(B, "i1"), doc(C, "i2"), doc(B, "i3"))),
                new RetrieveSeries("S1.2", List.of(doc(C, "i4"))))));
        r.getRetrieveStudies().add(new RetrieveStudy("S2", List.of(
                new RetrieveSeries("S2.1", List.of(doc(null, "i5"), doc(OURS, "i6"))))));

        Map<String, RetrieveImagingDocumentSet> parts = RetrieveSplit.byCommunity(r, OURS);

        assertEquals(List.of(B, C, OURS), List.copyOf(parts.keySet()));
        RetrieveImagingDocumentSet atB = parts.get(B);
        assertEquals(1, atB.getRetrieveStudies().size());
        assertEquals("S1", atB.getRetrieveStudies().get(0).getStudyInstanceUID());
        assertEquals(List.of("i1", "i3"), uids(atB.getRetrieveStudies().get(0).getRetrieveSerieses().get(0)));
        RetrieveImagingDocumentSet atC = parts.get(C);
        assertEquals(List.of("S1.1", "S1.2"), atC.getRetrieveStudies().get(0).getRetrieveSerieses().stream()
                .map(RetrieveSeries::getSeriesInstanceUID).toList());
        assertEquals(List.of("i5", "i6"), uids(parts.get(OURS).getRetrieveStudies().get(0).getRetrieveSerieses().get(0)));
        parts.values().forEach(p -> assertEquals(r.getTransferSyntaxIds(), p.getTransferSyntaxIds()));
    }

    @Test
    void iti43IsSplitPerCommunity() {
        RetrieveDocumentSet r = new RetrieveDocumentSet();
        r.getDocuments().addAll(List.of(doc(C, "k1"), doc(null, "k2"), doc(C, "k3")));
        Map<String, RetrieveDocumentSet> parts = RetrieveSplit.byCommunity(r, OURS);
        assertEquals(List.of(C, OURS), List.copyOf(parts.keySet()));
        assertEquals(2, parts.get(C).getDocuments().size());
    }

    @Test
    void retrieveStatusFollowsTheDocumentsReturned() {
        ErrorInfo error = new ErrorInfo(ErrorCode.UNAVAILABLE_COMMUNITY, "x", Severity.ERROR, B, null);
        ErrorInfo warning = new ErrorInfo(ErrorCode.REPOSITORY_ERROR, "x", Severity.WARNING, "i1", null);
        List<RetrievedDocument> one = List.of(new RetrievedDocument());
        assertEquals(Status.SUCCESS, CrossCommunityRetrieve.status(one, List.of(warning)));
        assertEquals(Status.PARTIAL_SUCCESS, CrossCommunityRetrieve.status(one, List.of(error)));
        assertEquals(Status.FAILURE, CrossCommunityRetrieve.status(List.of(), List.of(error)));
    }

    static List<String> uids(RetrieveSeries s) {
        return s.getDocuments().stream().map(DocumentReference::getDocumentUniqueId).toList();
    }
}
