// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;

/**
 * Partitions a retrieve by the homeCommunityId of each DocumentRequest (BRIEF 6.2): a RAD-69
 * becomes one request per community with the same Study/Series nesting (only the studies and
 * series that have documents of that community) and the TransferSyntaxUIDList copied verbatim
 * (NIST iig_2018-5403a). A missing homeCommunityId counts as ours. Order is kept: communities in
 * the order of their first document, documents in request order.
 */
final class RetrieveSplit {
    private RetrieveSplit() {}

    static Map<String, RetrieveDocumentSet> byCommunity(RetrieveDocumentSet request, String ours) {
        Map<String, RetrieveDocumentSet> parts = new LinkedHashMap<>();
        for (DocumentReference d : request.getDocuments()) {
            parts.computeIfAbsent(community(d, ours), k -> new RetrieveDocumentSet()).getDocuments().add(d);
        }
        return parts;
    }

    static Map<String, RetrieveImagingDocumentSet> byCommunity(RetrieveImagingDocumentSet request, String ours) {
        Map<String, RetrieveImagingDocumentSet> parts = new LinkedHashMap<>();
        for (RetrieveStudy study : request.getRetrieveStudies()) {
            for (RetrieveSeries series : study.getRetrieveSerieses()) {
                for (DocumentReference d : series.getDocuments()) {
                    RetrieveImagingDocumentSet part = parts.computeIfAbsent(community(d, ours), k -> {
                        RetrieveImagingDocumentSet r = new RetrieveImagingDocumentSet();
                        r.getTransferSyntaxIds().addAll(request.getTransferSyntaxIds());
                        return r;
                    });
                    seriesIn(studyIn(part, study.getStudyInstanceUID()), series.getSeriesInstanceUID())
                            .getDocuments().add(d);
                }
            }
        }
        return parts;
    }

    /** Every DocumentReference of the request, in order. */
    static List<DocumentReference> documents(RetrieveImagingDocumentSet request) {
        return request.getRetrieveStudies().stream().flatMap(s -> s.getRetrieveSerieses().stream())
                .flatMap(s -> s.getDocuments().stream()).toList();
    }

    static String community(DocumentReference d, String ours) {
        String home = d.getHomeCommunityId();
        return home == null || home.isBlank() ? ours : home.strip();
    }

    private static RetrieveStudy studyIn(RetrieveImagingDocumentSet part, String uid) {
        for (RetrieveStudy s : part.getRetrieveStudies()) {
            if (s.getStudyInstanceUID().equals(uid)) {
                return s;
            }
        }
        RetrieveStudy s = new RetrieveStudy();
        s.setStudyInstanceUID(uid);
        part.getRetrieveStudies().add(s);
        return s;
    }

    private static RetrieveSeries seriesIn(RetrieveStudy study, String uid) {
        for (RetrieveSeries s : study.getRetrieveSerieses()) {
            if (s.getSeriesInstanceUID().equals(uid)) {
                return s;
            }
        }
        RetrieveSeries s = new RetrieveSeries();
        s.setSeriesInstanceUID(uid);
        study.getRetrieveSerieses().add(s);
        return s;
    }
}
