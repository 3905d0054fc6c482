// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.persistence.Database;

/**
 * The patient cross-reference of XCA: local patient id (in our assigning authority) to the id
 * each partner community knows the patient by. The responding gateway translates a partner's id
 * with {@link #localFor}; the initiating gateway asks {@link #forLocalPatient} which partners
 * know a patient. Links are made by hand today ({@link LinkSource#MANUAL}) and by XCPD later.
 *
 * <pre>
 * PatientCrossReference xref = new PatientCrossReference(db, "1.3.6.1.4.1.21367.2026.1.3",
 *         "urn:oid:1.3.6.1.4.1.21367.2026.1.1", Clock.systemUTC());
 * xref.link("IIG-DEPT1021", "urn:oid:1.2.3", "B-778", "1.2.3.9", LinkSource.MANUAL);
 * xref.localFor("urn:oid:1.2.3", "B-778", "1.2.3.9");   // Optional[IIG-DEPT1021]
 * xref.localFor(null, "B-778", "1.2.3.9");              // any community, if it names one patient only
 * </pre>
 *
 * Bad input (malformed OID or community id, empty or over-long id, HL7 delimiters in an id, our
 * own authority or community as the partner's) is an {@link IllegalArgumentException}; a partner
 * id already linked to another local patient a {@link CrossReferenceConflictException}.
 */
public final class PatientCrossReference {
    private static final Logger LOG = Logger.getLogger(PatientCrossReference.class.getName());
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern HOME_COMMUNITY_ID = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+");
    /** HL7 v2 delimiters and control characters cannot be in a CX id component. */
    private static final Pattern PATIENT_ID = Pattern.compile("[^\\^&~|\\\\\\p{Cntrl}]{1,64}");

    private final Database db;
    private final String localAuthority;
    private final String ownCommunity;
    private final Clock clock;

    public PatientCrossReference(Database db, String localAuthority, String ownCommunity, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.localAuthority = Objects.requireNonNull(localAuthority, "localAuthority");
        this.ownCommunity = Objects.requireNonNull(ownCommunity, "ownCommunity");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The OID of our assigning authority: ids in it need no translation. */
    public String localAuthority() {
        return localAuthority;
    }

    /**
     * Creates the link of {@code localPatientId} in community {@code homeCommunityId}, or replaces
     * the one it had there. Returns the stored link.
     */
    public Link link(String localPatientId, String homeCommunityId, String partnerPatientId,
                     String partnerAssigningAuthority, LinkSource source) {
        String local = patientId("local patient id", localPatientId);
        String community = community(homeCommunityId);
        String partnerId = patientId("patientId", partnerPatientId);
        String authority = authority(partnerAssigningAuthority);
        Objects.requireNonNull(source, "source");
        try {
            Link link = db.inTransaction(em -> {
                PatientXrefEntity other = byPartnerId(em, community, partnerId, authority);
                if (other != null && !other.localPatientId().equals(local)) {
                    throw new CrossReferenceConflictException("partner patient " + partnerId + " of " + authority
                            + " in " + community + " is already linked to local patient " + other.localPatientId());
                }
                PatientXrefEntity row = byLocal(em, local, community);
                if (row == null) {
                    row = new PatientXrefEntity(local, community, clock.instant());
                    row.point(partnerId, authority, source, clock.instant());
                    em.persist(row);
                } else {
                    row.point(partnerId, authority, source, clock.instant());
                }
                em.flush();
                return row.toLink();
            });
            LOG.info(() -> "XREF-001 link community=" + community + " source=" + source.code());
            return link;
        } catch (PersistenceException e) {
            // a concurrent link of the same partner id won the unique constraint
            throw new CrossReferenceConflictException("partner patient " + partnerId + " of " + authority + " in "
                    + community + " was linked concurrently; read the links and retry");
        }
    }

    /** Removes the link of {@code localPatientId} in {@code homeCommunityId}; false if there was none. */
    public boolean unlink(String localPatientId, String homeCommunityId) {
        String local = patientId("local patient id", localPatientId);
        String community = community(homeCommunityId);
        boolean removed = db.inTransaction(em -> {
            PatientXrefEntity row = byLocal(em, local, community);
            if (row == null) {
                return false;
            }
            em.remove(row);
            return true;
        });
        if (removed) {
            LOG.info(() -> "XREF-002 unlink community=" + community);
        }
        return removed;
    }

    /**
     * The local patient id of a partner's patient id: the link in community
     * {@code homeCommunityId}, or with null, in any community provided the links found name one
     * local patient only. Empty when unknown, ambiguous or malformed: the caller reveals nothing.
     */
    public Optional<String> localFor(String homeCommunityId, String partnerPatientId, String assigningAuthority) {
        if (partnerPatientId == null || assigningAuthority == null
                || !PATIENT_ID.matcher(partnerPatientId).matches() || !OID.matcher(assigningAuthority).matches()
                || (homeCommunityId != null && !HOME_COMMUNITY_ID.matcher(homeCommunityId).matches())) {
            return Optional.empty();
        }
        List<String> locals = db.inTransaction(em -> {
            var query = em.createQuery("select distinct x.localPatientId from PatientXrefEntity x "
                            + "where x.partnerPatientId = :pid and x.partnerAuthority = :authority"
                            + (homeCommunityId == null ? "" : " and x.homeCommunityId = :community"), String.class)
                    .setParameter("pid", partnerPatientId)
                    .setParameter("authority", assigningAuthority);
            if (homeCommunityId != null) {
                query.setParameter("community", homeCommunityId);
            }
            return query.getResultList();
        });
        return locals.size() == 1 ? Optional.of(locals.get(0)) : Optional.empty();
    }

    /** Every link of a local patient, by community. */
    public List<Link> forLocalPatient(String localPatientId) {
        String local = patientId("local patient id", localPatientId);
        return db.inTransaction(em -> em.createQuery("select x from PatientXrefEntity x where x.localPatientId = :local "
                        + "order by x.homeCommunityId", PatientXrefEntity.class)
                .setParameter("local", local)
                .getResultList().stream().map(PatientXrefEntity::toLink).toList());
    }

    /** The link of a local patient in one community, if any. */
    public Optional<Link> forLocalPatient(String localPatientId, String homeCommunityId) {
        String local = patientId("local patient id", localPatientId);
        String community = community(homeCommunityId);
        return Optional.ofNullable(db.inTransaction(em -> byLocal(em, local, community))).map(PatientXrefEntity::toLink);
    }

    private static PatientXrefEntity byLocal(EntityManager em, String local, String community) {
        return em.createQuery("select x from PatientXrefEntity x where x.localPatientId = :local "
                        + "and x.homeCommunityId = :community", PatientXrefEntity.class)
                .setParameter("local", local).setParameter("community", community)
                .getResultStream().findFirst().orElse(null);
    }

    private static PatientXrefEntity byPartnerId(EntityManager em, String community, String partnerId,
                                                 String authority) {
        return em.createQuery("select x from PatientXrefEntity x where x.homeCommunityId = :community "
                        + "and x.partnerPatientId = :pid and x.partnerAuthority = :authority", PatientXrefEntity.class)
                .setParameter("community", community).setParameter("pid", partnerId)
                .setParameter("authority", authority)
                .getResultStream().findFirst().orElse(null);
    }

    private static String patientId(String what, String value) {
        if (value == null || !PATIENT_ID.matcher(value).matches() || !value.strip().equals(value)) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters without HL7 delimiters "
                    + "(^ & ~ | \\), control characters or surrounding blanks");
        }
        return value;
    }

    private String community(String value) {
        if (value == null || value.length() > 256 || !HOME_COMMUNITY_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("homeCommunityId must be urn:oid: followed by an OID");
        }
        if (value.equalsIgnoreCase(ownCommunity)) {
            throw new IllegalArgumentException("homeCommunityId " + value + " is this community; "
                    + "its patients need no cross-reference");
        }
        return value;
    }

    private String authority(String value) {
        if (value == null || value.length() > 128 || !OID.matcher(value).matches()) {
            throw new IllegalArgumentException("assigningAuthority must be an OID such as 1.2.840.113619.6.197");
        }
        if (value.equals(localAuthority)) {
            throw new IllegalArgumentException("assigningAuthority " + value + " is the local assigning authority; "
                    + "ids in it need no cross-reference");
        }
        return value;
    }
}
