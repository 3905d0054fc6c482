// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.imagingexchange.gateway.xca.crossref.Link;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.PatientIdBasedStoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.StoredQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * ITI-38 Cross Gateway Query at the Responding Gateway (ITI TF-2 3.38.4.1.3): the partner's
 * stored query answered by this community's registry (embedded, or external by ITI-18).
 * <ul>
 * <li>A {@code home} other than ours gives XDSUnknownCommunity.</li>
 * <li>The patient id of a patient-based query is used as is when its assigning authority is ours;
 *     otherwise it is the partner's id and is translated by the {@link PatientCrossReference}
 *     (the calling partner's links; any community's when the partner is not known).</li>
 * <li>A patient that is not linked, or not known locally, gives an empty Success: the answer does
 *     not tell a partner whether we know the patient (ITI TF-2 3.38.4.1.2.2 allows either).</li>
 * <li>Returned DocumentEntries, SubmissionSets and Folders carry the partner's patient id when the
 *     query was translated, or when the partner has a link for the patient; {@code home} is set
 *     on every object and every error's location is our homeCommunityId.</li>
 * </ul>
 * The XUA access check runs before this, on the request as sent: the assertion's resource-id and
 * the query's patient id are then both the partner's id and compared as such; the translation
 * happens only afterwards, on the model, so the check and the translation never disagree.
 */
public final class CrossGatewayQuery {
    private static final Logger LOG = Logger.getLogger(CrossGatewayQuery.class.getName());

    private final LocalCommunity community;
    private final PatientCrossReference xref;
    private final ResponderErrors rules;

    public CrossGatewayQuery(LocalCommunity community, PatientCrossReference xref) {
        this.community = community;
        this.xref = xref;
        this.rules = new ResponderErrors(community.homeCommunityId());
    }

    /** How the request's patient id was read: for the log line, never the id itself. */
    enum PatientMatch { NONE, LOCAL, TRANSLATED, UNLINKED }

    /**
     * Answers {@code request} for {@code partner} (the caller's homeCommunityId, null if unknown).
     * The query object is changed in place when its patient id is translated.
     */
    public QueryResponse query(QueryRegistry request, String partner) {
        long start = System.nanoTime();
        String queryId = request.getQuery() == null ? null : request.getQuery().getType().getId();
        PatientMatch match = PatientMatch.NONE;
        QueryResponse response;
        if (request.getQuery() instanceof StoredQuery sq && sq.getHomeCommunityId() != null
                && !sq.getHomeCommunityId().strip().equalsIgnoreCase(rules.home())) {
            response = failure(rules.error(ErrorCode.UNKNOWN_COMMUNITY,
                    "homeCommunityId " + sq.getHomeCommunityId() + " is not served here"));
        } else {
            Identifiable asked = request.getQuery() instanceof PatientIdBasedStoredQuery p ? p.getPatientId() : null;
            Identifiable local = asked == null ? null : toLocal(asked, partner);
            match = asked == null ? PatientMatch.NONE : local == null ? PatientMatch.UNLINKED
                    : local == asked ? PatientMatch.LOCAL : PatientMatch.TRANSLATED;
            if (match == PatientMatch.UNLINKED) {
                response = new QueryResponse(Status.SUCCESS);
            } else {
                if (match == PatientMatch.TRANSLATED) {
                    ((PatientIdBasedStoredQuery) request.getQuery()).setPatientId(local);
                }
                response = hideUnknownPatient(community.query(request));
                // asked with our id: the partner knows it, keep it; asked with none: its links, if any
                rewritePatients(response, match == PatientMatch.TRANSLATED ? asked : null,
                        match == PatientMatch.NONE ? partner : null);
            }
        }
        stampHome(response);
        rules.relocate(response.getErrors());
        QueryResponse answer = response;
        PatientMatch how = match;
        LOG.info(() -> String.format("ITI-38 partner=%s query=%s patient=%s status=%s objects=%d errors=%s %d ms",
                partner, queryId, how.name().toLowerCase(), answer.getStatus(), objects(answer),
                answer.getErrors().stream().map(e -> e.getErrorCode().getOpcode()).toList(),
                (System.nanoTime() - start) / 1_000_000));
        return answer;
    }

    /** The local id for {@code asked}: itself if it is in our authority, else the partner's link; null if none. */
    private Identifiable toLocal(Identifiable asked, String partner) {
        AssigningAuthority authority = asked.getAssigningAuthority();
        String oid = authority == null ? null : authority.getUniversalId();
        if (oid == null || asked.getId() == null) {
            return null;
        }
        if (oid.equals(xref.localAuthority())) {
            return asked;
        }
        Optional<String> local = xref.localFor(partner, asked.getId(), oid);
        return local.map(id -> new Identifiable(id, new AssigningAuthority(xref.localAuthority(), "ISO"))).orElse(null);
    }

    /** XDSUnknownPatientId from the local registry becomes an empty Success (reveals nothing). */
    private static QueryResponse hideUnknownPatient(QueryResponse r) {
        if (r.getStatus() == Status.FAILURE && !r.getErrors().isEmpty()
                && r.getErrors().stream().allMatch(e -> e.getErrorCode() == ErrorCode.UNKNOWN_PATIENT_ID)) {
            return new QueryResponse(Status.SUCCESS);
        }
        return r;
    }

    /**
     * Local patient ids in the returned metadata become the partner's: the id it asked with
     * ({@code asked}), or the link of {@code partner} for that patient (queries without a patient
     * id). Ids in other authorities, and patients the partner has no link for, stay as they are.
     */
    private void rewritePatients(QueryResponse r, Identifiable asked, String partner) {
        Map<String, Optional<Identifiable>> byLocal = new HashMap<>();
        r.getDocumentEntries().forEach(d -> d.setPatientId(partnerId(d.getPatientId(), asked, partner, byLocal)));
        r.getSubmissionSets().forEach(s -> s.setPatientId(partnerId(s.getPatientId(), asked, partner, byLocal)));
        r.getFolders().forEach(f -> f.setPatientId(partnerId(f.getPatientId(), asked, partner, byLocal)));
    }

    private Identifiable partnerId(Identifiable pid, Identifiable asked, String partner,
                                   Map<String, Optional<Identifiable>> byLocal) {
        if (pid == null || pid.getAssigningAuthority() == null
                || !xref.localAuthority().equals(pid.getAssigningAuthority().getUniversalId())) {
            return pid;
        }
        if (asked != null) {
            return asked;
        }
        if (partner == null) {
            return pid;
        }
        return byLocal.computeIfAbsent(pid.getId(), id -> xref.forLocalPatient(id, partner)
                        .map(CrossGatewayQuery::identifiable))
                .orElse(pid);
    }

    private static Identifiable identifiable(Link link) {
        return new Identifiable(link.partnerPatientId(), new AssigningAuthority(link.partnerAssigningAuthority(), "ISO"));
    }

    /** {@code home} on the model objects that have it; associations get theirs at the edge (ebXML). */
    private void stampHome(QueryResponse r) {
        r.getReferences().forEach(o -> o.setHome(rules.home()));
        r.getDocumentEntries().forEach(d -> d.setHomeCommunityId(rules.home()));
        r.getSubmissionSets().forEach(s -> s.setHomeCommunityId(rules.home()));
        r.getFolders().forEach(f -> f.setHomeCommunityId(rules.home()));
    }

    private static QueryResponse failure(ErrorInfo error) {
        QueryResponse r = new QueryResponse(Status.FAILURE);
        r.getErrors().add(error);
        return r;
    }

    private static int objects(QueryResponse r) {
        return r.getReferences().size() + r.getDocumentEntries().size() + r.getSubmissionSets().size()
                + r.getFolders().size() + r.getAssociations().size();
    }
}
