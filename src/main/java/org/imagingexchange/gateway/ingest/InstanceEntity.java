// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One stored DICOM instance: what RAD-69 needs to find and stream it (location, transfer
 * syntax, size) and what the manifest needs to list it. Keyed by SOP Instance UID, which makes
 * every store idempotent.
 */
@Entity
@Table(name = "instance")
public class InstanceEntity {
    @Id
    @Column(name = "sop_instance_uid", length = 64)
    private String sopInstanceUid;

    @Column(name = "study_uid", nullable = false, length = 64)
    private String studyUid;

    @Column(name = "series_uid", nullable = false, length = 64)
    private String seriesUid;

    @Column(name = "sop_class_uid", nullable = false, length = 64)
    private String sopClassUid;

    @Column(name = "modality", length = 16)
    private String modality;

    @Column(name = "series_number")
    private Integer seriesNumber;

    @Column(name = "instance_number")
    private Integer instanceNumber;

    @Column(name = "transfer_syntax", nullable = false, length = 64)
    private String transferSyntax;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "sha256", length = 64)
    private String sha256;

    /** Embedded store: path relative to the store root; external PACS: "dicomweb:" marker. */
    @Column(name = "location", nullable = false, length = 1024)
    private String location;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected InstanceEntity() {}

    public InstanceEntity(String sopInstanceUid, String studyUid, String seriesUid, String sopClassUid) {
        this.sopInstanceUid = sopInstanceUid;
        this.studyUid = studyUid;
        this.seriesUid = seriesUid;
        this.sopClassUid = sopClassUid;
    }

    public String getSopInstanceUid() { return sopInstanceUid; }
    public String getStudyUid() { return studyUid; }
    public String getSeriesUid() { return seriesUid; }
    public String getSopClassUid() { return sopClassUid; }
    public String getModality() { return modality; }
    public void setModality(String v) { this.modality = v; }
    public Integer getSeriesNumber() { return seriesNumber; }
    public void setSeriesNumber(Integer v) { this.seriesNumber = v; }
    public Integer getInstanceNumber() { return instanceNumber; }
    public void setInstanceNumber(Integer v) { this.instanceNumber = v; }
    public String getTransferSyntax() { return transferSyntax; }
    public void setTransferSyntax(String v) { this.transferSyntax = v; }
    public long getSizeBytes() { return sizeBytes; }
    public void setSizeBytes(long v) { this.sizeBytes = v; }
    public String getSha256() { return sha256; }
    public void setSha256(String v) { this.sha256 = v; }
    public String getLocation() { return location; }
    public void setLocation(String v) { this.location = v; }
    public Instant getReceivedAt() { return receivedAt; }
    public void setReceivedAt(Instant v) { this.receivedAt = v; }
}
