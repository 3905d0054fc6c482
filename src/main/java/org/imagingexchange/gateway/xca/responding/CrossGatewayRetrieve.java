// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.imagingexchange.gateway.soap.StreamedRetrieveAnswer;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * ITI-39 Cross Gateway Retrieve at the Responding Gateway (ITI TF-2 3.39.4.1.3): the KOS
 * manifests from this community's repository (embedded, or external by ITI-43). A DocumentRequest without HomeCommunityId gets
 * XDSMissingHomeCommunityId, one naming another community XDSUnknownCommunity; the others go to
 * the repository (its own rules: XDSUnknownRepositoryId, XDSDocumentUniqueIdError). Each
 * DocumentResponse echoes our homeCommunityId; every error's location is our homeCommunityId;
 * Success / PartialSuccess / Failure per ITI TF-3 Table 4.2.4.2-4. Documents stream from their
 * files as the embedded repository's DataHandlers do, or from the external repository's answer.
 */
public final class CrossGatewayRetrieve {
    private static final Logger LOG = Logger.getLogger(CrossGatewayRetrieve.class.getName());

    private final LocalCommunity community;
    private final ResponderErrors rules;

    public CrossGatewayRetrieve(LocalCommunity community) {
        this.community = community;
        this.rules = new ResponderErrors(community.homeCommunityId());
    }

    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request, String partner) {
        long start = System.nanoTime();
        List<DocumentReference> refs = request == null ? List.of() : request.getDocuments();
        List<ErrorInfo> errors = new ArrayList<>();
        List<RetrievedDocument> documents = new ArrayList<>();
        RetrieveDocumentSet ours = new RetrieveDocumentSet();
        if (refs.isEmpty()) {
            errors.add(rules.error(ErrorCode.REPOSITORY_ERROR, "no DocumentRequest given"));
        }
        for (DocumentReference ref : refs) {
            ErrorInfo wrong = rules.communityError(ref);
            if (wrong != null) {
                errors.add(wrong);
            } else {
                ours.getDocuments().add(new DocumentReference(ref.getRepositoryUniqueId(), ref.getDocumentUniqueId(),
                        rules.home()));
            }
        }
        if (!ours.getDocuments().isEmpty()) {
            RetrievedDocumentSet local = community.retrieve(ours);
            local.getDocuments().forEach(StreamedRetrieveAnswer::passThrough);
            documents.addAll(local.getDocuments());
            errors.addAll(local.getErrors());
        }
        RetrievedDocumentSet result = rules.answer(documents, errors);
        LOG.info(() -> String.format("ITI-39 partner=%s requested=%d returned=%d status=%s errors=%s %d ms", partner,
                refs.size(), documents.size(), result.getStatus(),
                errors.stream().map(e -> e.getErrorCode().getOpcode()).toList(),
                (System.nanoTime() - start) / 1_000_000));
        return result;
    }
}
