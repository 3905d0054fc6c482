// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.Transaction;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.soap.StreamedRetrieveAnswer;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.w3c.dom.Element;

/**
 * The Initiating (Imaging) Gateway's retrieves, routed by the homeCommunityId of each
 * DocumentRequest (ITI TF-2 3.43.4.1.3, BRIEF 6.2): ours or none = the local repository (ITI-43)
 * or Imaging Document Source (RAD-69); a partner = its ITI-39 / RAD-75, one request per community
 * ({@link RetrieveSplit}), all sent in parallel; an unknown community = XDSUnknownCommunity for
 * its documents; a partner unreachable or failing = XDSUnavailableCommunity (location = its
 * homeCommunityId). Documents stream through: each partner document's DataHandler reads the
 * partner's MTOM part only when our response writes it, so no study is held in memory.
 * Retrieves have no overall deadline: only the partner's connect and idle-read timeouts.
 */
public final class CrossCommunityRetrieve {
    private static final Logger LOG = Logger.getLogger(CrossCommunityRetrieve.class.getName());

    private final LocalCommunity local;
    private final PartnerConnections partners;
    private final InitiatingAudit audit;

    public CrossCommunityRetrieve(LocalCommunity local, PartnerConnections partners, Auditor auditor) {
        this.local = local;
        this.partners = partners;
        this.audit = new InitiatingAudit(auditor);
    }

    /** ITI-43 at the Initiating Gateway. */
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request, Requester requester) {
        Map<String, RetrieveDocumentSet> parts = RetrieveSplit.byCommunity(request, local.homeCommunityId());
        return route("ITI-43", Transaction.ITI_39, parts, RetrieveDocumentSet::getDocuments, local::retrieve,
                PartnerClient::retrieve, requester, p -> p.endpoints().iti39() != null);
    }

    /** RAD-69 at the Initiating Imaging Gateway. */
    public RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request, Requester requester) {
        Map<String, RetrieveImagingDocumentSet> parts = RetrieveSplit.byCommunity(request, local.homeCommunityId());
        return route("RAD-69", Transaction.RAD_75, parts, RetrieveSplit::documents, local::retrieveImages,
                PartnerClient::retrieveImages, requester, p -> p.endpoints().rad75() != null);
    }

    private interface Call<R> {
        RetrievedDocumentSet send(PartnerClient client, R request, Element assertion);
    }

    private record Part<R>(String homeCommunityId, Partner partner, R request, Pending<RetrievedDocumentSet> pending) {}

    private <R> RetrievedDocumentSet route(String transaction, Transaction outbound, Map<String, R> parts,
                                           Function<R, List<DocumentReference>> documentsOf,
                                           Function<R, RetrievedDocumentSet> localCall, Call<R> partnerCall,
                                           Requester requester, Predicate<Partner> hasEndpoint) {
        long start = System.nanoTime();
        List<RetrievedDocument> documents = new ArrayList<>();
        List<ErrorInfo> errors = new ArrayList<>();
        List<Part<R>> running = new ArrayList<>();
        for (Map.Entry<String, R> e : parts.entrySet()) {
            String home = e.getKey();
            R part = e.getValue();
            if (home.equals(local.homeCommunityId())) {
                running.add(new Part<>(home, null, part, partners.local(null, () -> localCall.apply(part))));
                continue;
            }
            Partner p = partners.byHomeCommunityId(home).filter(Partner::enabled).filter(hasEndpoint).orElse(null);
            if (p == null) {
                for (DocumentReference d : documentsOf.apply(part)) {
                    errors.add(new ErrorInfo(ErrorCode.UNKNOWN_COMMUNITY, "unknown homeCommunityId " + home,
                            Severity.ERROR, d.getDocumentUniqueId(), null));
                }
                continue;
            }
            running.add(new Part<>(home, p, part, partners.call(p, null, client -> partnerCall.send(client, part,
                    partners.assertions().forCall(p, requester, null)))));
        }
        for (Part<R> part : running) {
            Pending.Attempt<RetrievedDocumentSet> a = part.pending().await();
            String name = part.partner() == null ? CommunityOutcome.LOCAL : part.partner().name();
            if (a.ok()) {
                for (RetrievedDocument d : a.value().getDocuments()) {
                    streamThrough(d, part.homeCommunityId());
                    documents.add(d);
                }
                errors.addAll(a.value().getErrors());
            } else {
                errors.add(new ErrorInfo(part.partner() == null ? ErrorCode.REPOSITORY_ERROR
                        : ErrorCode.UNAVAILABLE_COMMUNITY, part.partner() == null ? "local retrieve failed"
                        : "community unavailable", Severity.ERROR, part.homeCommunityId(), null));
            }
            if (part.partner() != null) {
                audit.retrieve(outbound, part.partner(), requester, documentsOf.apply(part.request()), a.value(),
                        a.failure());
            }
            LOG.info(() -> String.format("XCA-IG-012 %s partner=%s status=%s documents=%d %d ms%s",
                    part.partner() == null ? transaction : outbound.code(), name,
                    a.ok() ? a.value().getStatus() : "UNAVAILABLE", a.ok() ? a.value().getDocuments().size() : 0,
                    a.millis(), a.ok() ? "" : " reason=" + a.failure()));
        }
        RetrievedDocumentSet result = new RetrievedDocumentSet(status(documents, errors), documents);
        result.setErrors(errors);
        LOG.info(() -> String.format("XCA-IG-013 %s routed communities=%d status=%s documents=%d errors=%d %d ms",
                transaction, parts.size(), result.getStatus(), documents.size(), errors.size(),
                (System.nanoTime() - start) / 1_000_000));
        return result;
    }

    /**
     * Hands a partner's (or the community's external actor's) MTOM part on without reading it
     * now; echoes the community when absent.
     */
    private static void streamThrough(RetrievedDocument d, String home) {
        StreamedRetrieveAnswer.passThrough(d);
        DocumentReference ref = d.getRequestData();
        if (ref != null && (ref.getHomeCommunityId() == null || ref.getHomeCommunityId().isBlank())) {
            ref.setHomeCommunityId(home);
        }
    }

    /** ITI TF-3 Table 4.2.4.2-4: warnings alone = Success; errors with documents = PartialSuccess; else Failure. */
    static Status status(List<RetrievedDocument> documents, List<ErrorInfo> errors) {
        if (errors.stream().noneMatch(e -> e.getSeverity() != Severity.WARNING)) {
            return Status.SUCCESS;
        }
        return documents.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
    }
}
