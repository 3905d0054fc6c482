// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One import job: its source, the local patient it goes to, and where the state machine is. */
@Entity
@Table(name = "import_job")
public class ImportJobEntity {
    /** Where the study comes from. */
    public enum SourceKind { PARTNER, MEDIA }

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "state", nullable = false, length = 16)
    @Convert(converter = ImportStateConverter.class)
    private ImportState state;

    @Column(name = "source_kind", nullable = false, length = 8)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private SourceKind sourceKind;

    @Column(name = "home_community_id", length = 256)
    private String homeCommunityId;

    @Column(name = "study_uid", length = 64)
    private String studyUid;

    @Column(name = "manifest_uid", length = 128)
    private String manifestUid;

    @Column(name = "repository_uid", length = 128)
    private String repositoryUid;

    @Column(name = "media_name", length = 256)
    private String mediaName;

    @Column(name = "requested_patient_id", length = 64)
    private String requestedPatientId;

    @Column(name = "target_patient_id", length = 64)
    private String targetPatientId;

    @Column(name = "match_score")
    private Double matchScore;

    @Column(name = "match_method", length = 32)
    private String matchMethod;

    @Column(name = "review_reason", length = 1000)
    private String reviewReason;

    @Column(name = "accession_number", length = 64)
    private String accessionNumber;

    @Column(name = "reidentify", nullable = false)
    private boolean reidentify;

    @Column(name = "submitted_by", length = 128)
    private String submittedBy;

    @Column(name = "error", length = 2000)
    private String error;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "owner", length = 128)
    private String owner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected ImportJobEntity() {}

    ImportJobEntity(String id, SourceKind kind, Instant now) {
        this.id = id;
        this.sourceKind = kind;
        this.state = ImportState.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public ImportState getState() { return state; }
    public SourceKind getSourceKind() { return sourceKind; }
    public String getHomeCommunityId() { return homeCommunityId; }
    public String getStudyUid() { return studyUid; }
    public String getManifestUid() { return manifestUid; }
    public String getRepositoryUid() { return repositoryUid; }
    public String getMediaName() { return mediaName; }
    public String getRequestedPatientId() { return requestedPatientId; }
    public String getTargetPatientId() { return targetPatientId; }
    public Double getMatchScore() { return matchScore; }
    public String getMatchMethod() { return matchMethod; }
    public String getReviewReason() { return reviewReason; }
    public String getAccessionNumber() { return accessionNumber; }
    public boolean isReidentify() { return reidentify; }
    public String getSubmittedBy() { return submittedBy; }
    public String getError() { return error; }
    public int getAttempts() { return attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public String getOwner() { return owner; }
    public Instant getLeaseUntil() { return leaseUntil; }
    public boolean isCancelRequested() { return cancelRequested; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getFinishedAt() { return finishedAt; }

    void partnerSource(String homeCommunityId, String studyUid, String manifestUid, String repositoryUid) {
        this.homeCommunityId = homeCommunityId;
        this.studyUid = studyUid;
        this.manifestUid = manifestUid;
        this.repositoryUid = repositoryUid;
    }

    void mediaSource(String mediaName) { this.mediaName = mediaName; }
    void setRequestedPatientId(String id) { this.requestedPatientId = id; }
    void setAccessionNumber(String accessionNumber) { this.accessionNumber = accessionNumber; }
    void setReidentify(boolean reidentify) { this.reidentify = reidentify; }
    void setSubmittedBy(String submittedBy) { this.submittedBy = submittedBy; }
    void setManifest(String manifestUid, String repositoryUid) {
        this.manifestUid = manifestUid;
        this.repositoryUid = repositoryUid;
    }

    void moveTo(ImportState next, Instant now) {
        this.state = next;
        this.updatedAt = now;
        if (next.isFinal()) {
            this.finishedAt = now;
            this.owner = null;
            this.leaseUntil = null;
            this.nextAttemptAt = null;
        }
    }

    void reconciled(String targetPatientId, double score, String method) {
        this.targetPatientId = targetPatientId;
        this.matchScore = score;
        this.matchMethod = method;
        this.reviewReason = null;
    }

    void needsReview(String reason, Double bestScore, String proposedPatientId) {
        this.reviewReason = reason;
        this.matchScore = bestScore;
        this.targetPatientId = proposedPatientId;
        this.matchMethod = proposedPatientId == null ? null : "proposed";
    }

    void setError(String error) {
        this.error = error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    }

    /** A transient failure: try again after {@code at}, counting the attempt. */
    void retryAt(Instant at, String error) {
        this.attempts++;
        this.nextAttemptAt = at;
        setError(error);
        this.owner = null;
        this.leaseUntil = null;
    }

    /** An operator's retry of a failed job: a fresh attempt budget from where it stopped. */
    void resetAttempts() {
        this.attempts = 0;
        this.nextAttemptAt = null;
        this.error = null;
        this.finishedAt = null;
    }

    void requestCancel() { this.cancelRequested = true; }
}
