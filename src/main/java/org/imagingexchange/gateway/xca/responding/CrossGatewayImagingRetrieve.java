// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.imagingexchange.gateway.soap.StreamedRetrieveAnswer;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * RAD-75 Cross Gateway Retrieve Imaging Document Set at the Responding Imaging Gateway (BRIEF
 * 3.2, 6.3): DocumentRequests naming this community go, with their study/series nesting and the
 * TransferSyntaxUIDList unchanged, to this community's Imaging Document Source (embedded, or
 * external) as a RAD-69; the others
 * get XDSMissingHomeCommunityId or XDSUnknownCommunity. The Imaging Document Source's own
 * per-instance errors (XDSUnknownRepositoryId, XDSDocumentUniqueIdError, XDSRepositoryError for
 * no acceptable transfer syntax) are kept, with location = our homeCommunityId (RAD75-004) and
 * the SOP Instance UID in the codeContext. Status as RAD-69. The DataHandlers are the Imaging
 * Document Source's: each opens its PACS stream (or reads the external source's answer) only
 * when CXF writes the MTOM part, so nothing of a study is held here.
 */
public final class CrossGatewayImagingRetrieve {
    private static final Logger LOG = Logger.getLogger(CrossGatewayImagingRetrieve.class.getName());

    private final LocalCommunity community;
    private final ResponderErrors rules;

    public CrossGatewayImagingRetrieve(LocalCommunity community) {
        this.community = community;
        this.rules = new ResponderErrors(community.homeCommunityId());
    }

    public RetrievedDocumentSet retrieve(RetrieveImagingDocumentSet request, String partner) {
        long start = System.nanoTime();
        List<ErrorInfo> errors = new ArrayList<>();
        List<RetrievedDocument> documents = new ArrayList<>();
        RetrieveImagingDocumentSet ours = new RetrieveImagingDocumentSet();
        ours.getTransferSyntaxIds().addAll(request.getTransferSyntaxIds());
        int requested = 0;
        for (RetrieveStudy study : request.getRetrieveStudies()) {
            RetrieveStudy keptStudy = new RetrieveStudy();
            keptStudy.setStudyInstanceUID(study.getStudyInstanceUID());
            for (RetrieveSeries series : study.getRetrieveSerieses()) {
                List<DocumentReference> kept = new ArrayList<>();
                for (DocumentReference ref : series.getDocuments()) {
                    requested++;
                    ErrorInfo wrong = rules.communityError(ref);
                    if (wrong != null) {
                        errors.add(wrong);
                    } else {
                        kept.add(new DocumentReference(ref.getRepositoryUniqueId(), ref.getDocumentUniqueId(),
                                rules.home()));
                    }
                }
                if (!kept.isEmpty()) {
                    keptStudy.getRetrieveSerieses().add(new RetrieveSeries(series.getSeriesInstanceUID(), kept));
                }
            }
            if (!keptStudy.getRetrieveSerieses().isEmpty()) {
                ours.getRetrieveStudies().add(keptStudy);
            }
        }
        if (!ours.getRetrieveStudies().isEmpty()) {
            RetrievedDocumentSet local = community.retrieveImages(ours);
            local.getDocuments().forEach(StreamedRetrieveAnswer::passThrough);
            documents.addAll(local.getDocuments());
            errors.addAll(local.getErrors());
        }
        RetrievedDocumentSet result = rules.answer(documents, errors);
        int count = requested;
        LOG.info(() -> String.format("RAD-75 partner=%s requested=%d returned=%d status=%s errors=%s %d ms", partner,
                count, documents.size(), result.getStatus(),
                errors.stream().map(e -> e.getErrorCode().getOpcode()).toList(),
                (System.nanoTime() - start) / 1_000_000));
        return result;
    }
}
