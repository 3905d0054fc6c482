// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAdhocQueryRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.PatientIdBasedStoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.StoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;

/**
 * The Initiating Gateway's ITI-18 (XCA, ITI TF-2 3.38.4.1.3 and 3.18.4.1.3): a query for a local
 * patient goes in parallel to the local registry and, as ITI-38 with the partner's own patient
 * id, to every enabled partner that knows the patient (the cross-reference); partners without a
 * link are not asked. A query by object (GetDocuments and the like) goes to the one community
 * named by its {@code home}: ours or none = the local registry, a partner = its ITI-38, unknown =
 * XDSUnknownCommunity. Each partner's part has its own deadline; the answer never waits for a
 * slow partner past it. The answers are merged by {@link QueryMerge}.
 *
 * <pre>
 * CrossCommunityQuery.Result r = query.query(request, Requester.SYSTEM);
 * r.response();   // the consolidated ITI-18 response
 * r.outcomes();   // per community: status, time, objects
 * </pre>
 */
public final class CrossCommunityQuery {
    private static final Logger LOG = Logger.getLogger(CrossCommunityQuery.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final LocalCommunity local;
    private final PartnerConnections partners;
    private final PartnerPatientIds patientIds;
    private final InitiatingAudit audit;

    public CrossCommunityQuery(LocalCommunity local, PartnerConnections partners, PartnerPatientIds patientIds,
                               org.imagingexchange.gateway.audit.Auditor auditor) {
        this.local = local;
        this.partners = partners;
        this.patientIds = patientIds;
        this.audit = new InitiatingAudit(auditor);
    }

    /** The merged response and what each community did. */
    public record Result(QueryResponse response, List<CommunityOutcome> outcomes) {}

    private record Part(String homeCommunityId, Partner partner, QueryRegistry request, List<String> patients,
                        Pending<QueryResponse> pending) {}

    public Result query(QueryRegistry request, Requester requester) {
        long start = System.nanoTime();
        String ours = local.homeCommunityId();
        QueryMerge merge = new QueryMerge(ours);
        List<Part> parts = new ArrayList<>();
        StoredQuery q = (StoredQuery) request.getQuery();
        Identifiable patient = q instanceof PatientIdBasedStoredQuery p ? p.getPatientId() : null;
        if (patient != null) {
            parts.add(localPart(request));
            for (PartnerPatientId link : linksOf(patient)) {
                Partner partner = partners.byHomeCommunityId(link.homeCommunityId()).orElse(null);
                if (partner == null || !partner.enabled() || partner.endpoints().iti38() == null) {
                    continue;
                }
                QueryRegistry copy = copy(request);
                Identifiable theirs = new Identifiable(link.patientId(), new AssigningAuthority(link.assigningAuthority()));
                ((PatientIdBasedStoredQuery) copy.getQuery()).setPatientId(theirs);
                parts.add(partnerPart(partner, copy, requester, List.of(cx(patient), cx(theirs))));
            }
        } else {
            String home = q.getHomeCommunityId();
            if (home == null || home.isBlank() || home.equals(ours)) {
                parts.add(localPart(request));
            } else {
                Partner partner = partners.byHomeCommunityId(home).filter(Partner::enabled).orElse(null);
                if (partner == null || partner.endpoints().iti38() == null) {
                    merge.unknownCommunity(home);
                } else {
                    parts.add(partnerPart(partner, request, requester, List.of()));
                }
            }
        }
        List<CommunityOutcome> outcomes = new ArrayList<>();
        for (Part part : parts) {
            outcomes.add(collect(part, merge, requester));
        }
        QueryResponse response = merge.result();
        LOG.info(() -> String.format("XCA-IG-010 ITI-18 fan-out query=%s communities=%d status=%s objects=%d %d ms",
                request.getQuery().getType(), parts.size(), response.getStatus(), QueryMerge.objectCount(response),
                (System.nanoTime() - start) / 1_000_000));
        return new Result(response, outcomes);
    }

    private CommunityOutcome collect(Part part, QueryMerge merge, Requester requester) {
        Pending.Attempt<QueryResponse> a = part.pending().await();
        String name = part.partner() == null ? CommunityOutcome.LOCAL : part.partner().name();
        CommunityOutcome outcome;
        if (!a.ok()) {
            boolean skipped = a.failure().equals(PartnerConnections.BREAKER_OPEN);
            merge.unavailable(part.homeCommunityId(), part.partner() == null ? "local registry unavailable"
                    : skipped ? "community unavailable: " + PartnerConnections.BREAKER_OPEN
                    : "community unavailable: no answer in time");
            outcome = new CommunityOutcome(part.homeCommunityId(), name, skipped ? CommunityOutcome.Status.SKIPPED
                    : CommunityOutcome.Status.UNAVAILABLE, a.millis(), 0, a.failure());
        } else {
            int objects = part.partner() == null ? merge.addLocal(a.value())
                    : merge.addPartner(part.homeCommunityId(), a.value());
            boolean failed = a.value().getStatus() == org.openehealth.ipf.commons.ihe.xds.core.responses.Status.FAILURE
                    && a.value().getErrors().stream().anyMatch(e -> e.getErrorCode()
                    != org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode.UNKNOWN_PATIENT_ID);
            outcome = new CommunityOutcome(part.homeCommunityId(), name, failed ? CommunityOutcome.Status.FAILED
                    : CommunityOutcome.Status.ANSWERED, a.millis(), objects, null);
        }
        if (part.partner() != null) {
            audit.query(part.partner(), requester, part.request(), part.patients(), a.value(), a.failure());
            LOG.info(() -> String.format("XCA-IG-011 ITI-38 partner=%s status=%s objects=%d %d ms%s", name,
                    outcome.status(), outcome.objects(), outcome.millis(),
                    outcome.detail() == null ? "" : " reason=" + outcome.detail()));
        }
        return outcome;
    }

    private Part localPart(QueryRegistry request) {
        return new Part(local.homeCommunityId(), null, request, List.of(),
                partners.local(partners.settings().localQueryDeadline(), () -> local.query(request)));
    }

    private Part partnerPart(Partner p, QueryRegistry request, Requester requester, List<String> patients) {
        String resourceId = patients.size() > 1 ? patients.get(1) : null;
        return new Part(p.homeCommunityId(), p, request, patients, partners.call(p, p.limits().queryDeadline(),
                client -> client.query(request, partners.assertions().forCall(p, requester, resourceId))));
    }

    private List<PartnerPatientId> linksOf(Identifiable patient) {
        String authority = patient.getAssigningAuthority() == null ? null
                : patient.getAssigningAuthority().getUniversalId();
        if (authority != null && !authority.equals(partners.settings().patientIdIssuer())) {
            return List.of(); // not a patient id of our domain: no cross-reference applies
        }
        Map<String, PartnerPatientId> byCommunity = new LinkedHashMap<>();
        for (PartnerPatientId link : patientIds.forLocalPatient(patient.getId())) {
            byCommunity.putIfAbsent(link.homeCommunityId(), link); // one ITI-38 per community
        }
        return List.copyOf(byCommunity.values());
    }

    /** An independent copy of the request (it is changed per partner and read on other threads). */
    static QueryRegistry copy(QueryRegistry request) {
        QueryRegistryTransformer t = new QueryRegistryTransformer(FACTORY);
        return t.fromEbXML(new EbXMLAdhocQueryRequest30(t.toEbXML(request).getInternal()));
    }

    static String cx(Identifiable id) {
        String aa = id.getAssigningAuthority() == null ? null : id.getAssigningAuthority().getUniversalId();
        return aa == null ? id.getId() : id.getId() + "^^^&" + aa + "&ISO";
    }
}
