// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One file of an import and how far it got. {@code fileName} is its name in the job's spool
 * folder (unique per job); the UIDs are null until the file has been read.
 */
@Entity
@Table(name = "import_instance")
public class ImportInstanceEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false, length = 36)
    private String jobId;

    @Column(name = "file_name", nullable = false, length = 512)
    private String fileName;

    @Column(name = "sop_uid", length = 64)
    private String sopUid;

    @Column(name = "study_uid", length = 64)
    private String studyUid;

    @Column(name = "series_uid", length = 64)
    private String seriesUid;

    @Column(name = "stored_sop_uid", length = 64)
    private String storedSopUid;

    @Column(name = "stored_study_uid", length = 64)
    private String storedStudyUid;

    @Column(name = "original_patient_id", length = 64)
    private String originalPatientId;

    @Column(name = "original_issuer", length = 128)
    private String originalIssuer;

    @Column(name = "state", nullable = false, length = 12)
    @Enumerated(EnumType.STRING)
    private InstanceState state;

    @Column(name = "error", length = 1000)
    private String error;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ImportInstanceEntity() {}

    ImportInstanceEntity(String jobId, String fileName, InstanceState state, Instant now) {
        this.jobId = jobId;
        this.fileName = fileName;
        this.state = state;
        this.updatedAt = now;
    }

    public Long getId() { return id; }
    public String getJobId() { return jobId; }
    public String getFileName() { return fileName; }
    public String getSopUid() { return sopUid; }
    public String getStudyUid() { return studyUid; }
    public String getSeriesUid() { return seriesUid; }
    public String getStoredSopUid() { return storedSopUid; }
    public String getStoredStudyUid() { return storedStudyUid; }
    public String getOriginalPatientId() { return originalPatientId; }
    public String getOriginalIssuer() { return originalIssuer; }
    public InstanceState getState() { return state; }
    public String getError() { return error; }
    public Long getSizeBytes() { return sizeBytes; }

    void identify(String studyUid, String seriesUid, String sopUid) {
        this.studyUid = studyUid;
        this.seriesUid = seriesUid;
        this.sopUid = sopUid;
    }

    void received(String patientId, String issuer, long size, Instant now) {
        this.originalPatientId = trim(patientId, 64);
        this.originalIssuer = trim(issuer, 128);
        this.sizeBytes = size;
        moveTo(InstanceState.RECEIVED, now);
    }

    void coerced(String storedStudyUid, String storedSopUid, Instant now) {
        this.storedStudyUid = storedStudyUid;
        this.storedSopUid = storedSopUid;
        moveTo(InstanceState.COERCED, now);
    }

    void moveTo(InstanceState next, Instant now) {
        this.state = next;
        this.updatedAt = now;
        if (next != InstanceState.FAILED) {
            this.error = null;
        }
    }

    void failed(String reason, Instant now) {
        this.state = InstanceState.FAILED;
        this.error = trim(reason, 1000);
        this.updatedAt = now;
    }

    private static String trim(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
