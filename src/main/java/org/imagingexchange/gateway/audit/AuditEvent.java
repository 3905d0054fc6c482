// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One audited transaction, in the gateway's own words; {@link AuditService#record(AuditEvent)}
 * turns it into DICOM audit messages (PS3.15 A.5) with IPF's builders. Built with
 * {@link #served(Transaction)} when the gateway answered the request and {@link
 * #called(Transaction)} when it sent it:
 *
 * <pre>{@code
 * audit.record(AuditEvent.called(Transaction.ITI_38)
 *         .outcome(Outcome.PARTIAL_SUCCESS, "XDSRegistryError")
 *         .source(Participant.of(ourReplyTo, localHost))
 *         .destination(Participant.of(partnerEndpointUrl, partnerHost))
 *         .user(xuaUser)
 *         .patient(localPatientCx).patient(partnerPatientCx)
 *         .partner(partnerHomeCommunityId)
 *         .query(storedQueryUuid, adhocQueryRequestXml, partnerHomeCommunityId)
 *         .build());
 * }</pre>
 *
 * <p>Patient ids are HL7 CX strings ({@code id^^^&oid&ISO}) of ONE patient: list both the local
 * and the partner's identifier when they differ. An event about several patients is recorded
 * once per patient (ITI TF-2 3.20.7.1). A {@link Outcome#PARTIAL_SUCCESS} is written as two
 * records: a success with the documents/studies marked obtained and a failure with the others.
 *
 * @param transaction        the transaction
 * @param served             true when the gateway was the responder (server side)
 * @param outcome            the response status
 * @param outcomeDescription error codes or a reason; no stack traces
 * @param time               when the transaction ended
 * @param source             the requesting system (Source Role ID 110153)
 * @param destination        the responding system (Destination Role ID 110152)
 * @param user               the XUA human requestor, or null
 * @param patientIds         CX identifiers of the one patient concerned, possibly empty
 * @param partner            the partner community (homeCommunityId) involved, or null
 * @param query              the query of a query transaction, or null
 * @param documents          documents retrieved or submitted
 * @param studies            studies whose instances were retrieved or received
 * @param submissionSetUid   the submission set uniqueId of ITI-41 / RAD-68, or null
 */
public record AuditEvent(Transaction transaction, boolean served, Outcome outcome, String outcomeDescription,
                         Instant time, Participant source, Participant destination, AuditUser user,
                         List<String> patientIds, String partner, Query query, List<DocumentRef> documents,
                         List<StudyRef> studies, String submissionSetUid) {

    public AuditEvent {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(outcome, "outcome");
        time = time == null ? Instant.now() : time;
        source = source == null ? Participant.UNKNOWN : source;
        destination = destination == null ? Participant.UNKNOWN : destination;
        patientIds = patientIds == null ? List.of() : List.copyOf(patientIds);
        documents = documents == null ? List.of() : List.copyOf(documents);
        studies = studies == null ? List.of() : List.copyOf(studies);
    }

    /** An event of a transaction the gateway answered. */
    public static Builder served(Transaction transaction) {
        return new Builder(transaction, true);
    }

    /** An event of a transaction the gateway sent (to a partner or a local actor). */
    public static Builder called(Transaction transaction) {
        return new Builder(transaction, false);
    }

    /**
     * An active participant system: {@code userId} is the endpoint URL (destination), the
     * WS-Addressing ReplyTo (source), or the AE title; {@code address} an IP address or host name.
     */
    public record Participant(String userId, String address) {
        public static final Participant UNKNOWN = new Participant(null, null);

        public static Participant of(String userId, String address) {
            return new Participant(userId, address);
        }
    }

    /** A stored query: its id (the stored-query UUID), the full request XML, and the community asked. */
    public record Query(String id, String message, String homeCommunityId) {}

    /** One XDS document; {@code obtained} false when it was requested but not delivered. */
    public record DocumentRef(String uniqueId, String repositoryUniqueId, String homeCommunityId, boolean obtained) {}

    /**
     * The instances of one study that moved: the series they belong to and how many;
     * {@code obtained} false when they were requested but not delivered.
     */
    public record StudyRef(String studyInstanceUid, List<String> seriesInstanceUids, int instanceCount,
                           String repositoryUniqueId, String homeCommunityId, boolean obtained) {
        public StudyRef {
            seriesInstanceUids = seriesInstanceUids == null ? List.of() : List.copyOf(seriesInstanceUids);
        }
    }

    /** Named-field builder of an {@link AuditEvent}. */
    public static final class Builder {
        private final Transaction transaction;
        private final boolean served;
        private Outcome outcome = Outcome.SUCCESS;
        private String outcomeDescription;
        private Instant time;
        private Participant source;
        private Participant destination;
        private AuditUser user;
        private final List<String> patientIds = new ArrayList<>();
        private String partner;
        private Query query;
        private final List<DocumentRef> documents = new ArrayList<>();
        private final List<StudyRef> studies = new ArrayList<>();
        private String submissionSetUid;

        private Builder(Transaction transaction, boolean served) {
            this.transaction = transaction;
            this.served = served;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder outcome(Outcome outcome, String description) {
            this.outcome = outcome;
            this.outcomeDescription = description;
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder source(Participant source) {
            this.source = source;
            return this;
        }

        public Builder destination(Participant destination) {
            this.destination = destination;
            return this;
        }

        public Builder user(AuditUser user) {
            this.user = user;
            return this;
        }

        /** Adds a patient identifier (CX); blanks and repeats are ignored. */
        public Builder patient(String cx) {
            if (cx != null && !cx.isBlank() && !patientIds.contains(cx)) {
                patientIds.add(cx);
            }
            return this;
        }

        public Builder partner(String homeCommunityId) {
            this.partner = homeCommunityId;
            return this;
        }

        public Builder query(String queryId, String requestXml, String homeCommunityId) {
            this.query = new Query(queryId, requestXml, homeCommunityId);
            return this;
        }

        public Builder document(String uniqueId, String repositoryUniqueId, String homeCommunityId, boolean obtained) {
            documents.add(new DocumentRef(uniqueId, repositoryUniqueId, homeCommunityId, obtained));
            return this;
        }

        public Builder study(StudyRef study) {
            studies.add(study);
            return this;
        }

        public Builder submissionSet(String uniqueId) {
            this.submissionSetUid = uniqueId;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(transaction, served, outcome, outcomeDescription, time, source, destination, user,
                    patientIds, partner, query, documents, studies, submissionSetUid);
        }
    }
}
