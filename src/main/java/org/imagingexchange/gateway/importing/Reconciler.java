// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.imagingexchange.gateway.ingest.PatientEntity;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;

/**
 * Decides which local patient an outside study belongs to (IRWF.b reconciliation), in this
 * order: the operator's choice; the patient cross-reference (the partner's id is linked to a
 * local one); the outside id already being a local one; a demographics match against the local
 * patient index, taken only when it scores at least the threshold and no other patient does.
 * Anything else, and any study whose instances name more than one patient, goes to review.
 */
final class Reconciler {

    /** The outside identity the instances carry (all of them, once checked to agree). */
    record OutsidePatient(String patientId, String issuer, Demographics demographics) {}

    /** The outcome: a local patient id, or a reason for review (with a proposal when there is one). */
    record Decision(String localPatientId, double score, String method, String reviewReason) {
        boolean needsReview() {
            return reviewReason != null;
        }
    }

    private final Database db;
    private final PatientCrossReference crossReference;
    private final String localIssuer;
    private final double threshold;

    Reconciler(Database db, PatientCrossReference crossReference, String localIssuer, double threshold) {
        this.db = db;
        this.crossReference = crossReference;
        this.localIssuer = localIssuer;
        this.threshold = threshold;
    }

    /**
     * @param requested     the operator's local patient id, or null
     * @param community     the partner community the study comes from, or null for media
     * @param outside       the distinct identities found in the instances
     */
    Decision decide(String requested, String community, List<OutsidePatient> outside) {
        if (outside.size() > 1) {
            return review("the instances name " + outside.size() + " different patients", null, null);
        }
        if (requested != null) {
            return new Decision(requested, 1.0, "operator", null);
        }
        if (outside.isEmpty()) {
            return review("no readable instance names a patient", null, null);
        }
        OutsidePatient p = outside.get(0);
        Optional<String> linked = linked(community, p);
        if (linked.isPresent()) {
            return new Decision(linked.get(), 1.0, "cross-reference", null);
        }
        if (localIssuer.equals(p.issuer()) && p.patientId() != null && isLocalPatient(p.patientId())) {
            return new Decision(p.patientId(), 1.0, "local-id", null);
        }
        return byDemographics(p.demographics());
    }

    /** The cross-reference's local id for the outside one (from media: any community naming one patient). */
    private Optional<String> linked(String community, OutsidePatient p) {
        if (crossReference == null || p.patientId() == null || p.issuer() == null) {
            return Optional.empty();
        }
        try {
            return crossReference.localFor(community, p.patientId(), p.issuer());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an issuer that is no OID cannot be in the table
        }
    }

    private Decision byDemographics(Demographics outside) {
        List<Scored> scored = candidates(outside).stream()
                .map(c -> new Scored(c.getPatientId(), outside.score(
                        Demographics.of(c.getName(), c.getBirthDate(), c.getSex()))))
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .toList();
        if (scored.isEmpty()) {
            return review("no local patient matches the demographics", null, null);
        }
        Scored best = scored.get(0);
        if (best.score() < threshold) {
            return review(String.format("best demographics match scores %.2f, below %.2f", best.score(), threshold),
                    best.patientId(), best.score());
        }
        if (scored.size() > 1 && scored.get(1).score() >= threshold) {
            return review("several local patients match the demographics", best.patientId(), best.score());
        }
        return new Decision(best.patientId(), best.score(), "demographics", null);
    }

    private List<PatientEntity> candidates(Demographics d) {
        return db.inTransaction(em -> {
            if (d.birthDate() != null) {
                return em.createQuery("select p from PatientEntity p where p.issuer = :i and p.birthDate = :b",
                                PatientEntity.class)
                        .setParameter("i", localIssuer).setParameter("b", d.birthDate()).setMaxResults(500)
                        .getResultList();
            }
            return List.of();
        });
    }

    private boolean isLocalPatient(String patientId) {
        return db.inTransaction(em -> !em.createQuery(
                        "select p.id from PatientEntity p where p.patientId = :p and p.issuer = :i", Long.class)
                .setParameter("p", patientId).setParameter("i", localIssuer).setMaxResults(1).getResultList().isEmpty());
    }

    private static Decision review(String reason, String proposal, Double score) {
        return new Decision(proposal, score == null ? 0 : score, null, reason);
    }

    private record Scored(String patientId, double score) {}
}
