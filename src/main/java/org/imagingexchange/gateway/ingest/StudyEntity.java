// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A study the gateway serves, with the state of its KOS manifest: {@code updatedAt} moves with
 * every new instance, and the publisher registers a (replacement) manifest once the study has
 * been stable long enough and has instances the current manifest does not list.
 */
@Entity
@Table(name = "study")
public class StudyEntity {
    @Id
    @Column(name = "study_uid", length = 64)
    private String studyUid;

    @ManyToOne(optional = false)
    @JoinColumn(name = "patient_pk", nullable = false)
    private PatientEntity patient;

    @Column(name = "accession_number", length = 64)
    private String accessionNumber;

    @Column(name = "accession_issuer", length = 128)
    private String accessionIssuer;

    @Column(name = "study_date", length = 8)
    private String studyDate;

    @Column(name = "study_time", length = 16)
    private String studyTime;

    @Column(name = "description", length = 400)
    private String description;

    /** Where the instances live: EMBEDDED (our file store) or PACS (external DICOMweb). */
    @Column(name = "source", nullable = false, length = 16)
    private String source;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "manifest_uid", length = 64)
    private String manifestUid;

    @Column(name = "manifest_entry_uuid", length = 64)
    private String manifestEntryUuid;

    @Column(name = "manifest_instance_count", nullable = false)
    private int manifestInstanceCount;

    @Column(name = "manifest_published_at")
    private Instant manifestPublishedAt;

    /** Lease of the node building this study's manifest (null when nobody is). */
    @Column(name = "manifest_claimed_until")
    private Instant manifestClaimedUntil;

    protected StudyEntity() {}

    public StudyEntity(String studyUid, PatientEntity patient, String source, Instant now) {
        this.studyUid = studyUid;
        this.patient = patient;
        this.source = source;
        this.updatedAt = now;
    }

    public String getStudyUid() { return studyUid; }
    public PatientEntity getPatient() { return patient; }
    public String getAccessionNumber() { return accessionNumber; }
    public void setAccessionNumber(String v) { this.accessionNumber = v; }
    public String getAccessionIssuer() { return accessionIssuer; }
    public void setAccessionIssuer(String v) { this.accessionIssuer = v; }
    public String getStudyDate() { return studyDate; }
    public void setStudyDate(String v) { this.studyDate = v; }
    public String getStudyTime() { return studyTime; }
    public void setStudyTime(String v) { this.studyTime = v; }
    public String getDescription() { return description; }
    public void setDescription(String v) { this.description = v; }
    public String getSource() { return source; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant v) { this.updatedAt = v; }
    public String getManifestUid() { return manifestUid; }
    public String getManifestEntryUuid() { return manifestEntryUuid; }
    public int getManifestInstanceCount() { return manifestInstanceCount; }
    public Instant getManifestPublishedAt() { return manifestPublishedAt; }

    /** Records the manifest that now describes this study. */
    public void manifestPublished(String uid, String entryUuid, int instanceCount, Instant at) {
        this.manifestUid = uid;
        this.manifestEntryUuid = entryUuid;
        this.manifestInstanceCount = instanceCount;
        this.manifestPublishedAt = at;
    }
}
