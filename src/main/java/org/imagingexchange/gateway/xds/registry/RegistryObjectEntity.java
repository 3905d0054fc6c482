// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;

/**
 * One object of the embedded XDS registry (ITI TF-3 4.2 metadata): a DocumentEntry,
 * SubmissionSet, Folder or Association. The table exists so ITI-18 stored queries can filter in
 * SQL on what they select by (patient, status, times, codes, association ends); the object itself
 * is kept as its ebRIM 3.0 XML and rebuilt with IPF's transformers. {@link #status} is
 * authoritative: RPLC deprecates a row without rewriting its XML.
 *
 * <p>Fields are package-private: only the registry package reads and writes rows.
 */
@Entity
@Table(name = "registry_object")
public class RegistryObjectEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    Long id;

    @Column(name = "entry_uuid", nullable = false, length = 64)
    String entryUuid;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    ObjectKind kind;

    /** DocumentEntry objectType (stable / on-demand UUID); null for other kinds. */
    @Column(name = "object_type", length = 64)
    String objectType;

    @Column(name = "logical_id", length = 64)
    String logicalId;

    @Column(name = "unique_id", length = 128)
    String uniqueId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    AvailabilityStatus status;

    /** HL7 CX rendering, e.g. {@code 123^^^&1.2.3&ISO}. */
    @Column(name = "patient_id", length = 256)
    String patientId;

    @Column(name = "creation_time")
    Instant creationTime;

    @Column(name = "service_start_time")
    Instant serviceStartTime;

    @Column(name = "service_stop_time")
    Instant serviceStopTime;

    /** SubmissionSet submissionTime or Folder lastUpdateTime. */
    @Column(name = "submission_time")
    Instant submissionTime;

    @Column(name = "class_code", length = 300)
    String classCode;

    @Column(name = "type_code", length = 300)
    String typeCode;

    @Column(name = "format_code", length = 300)
    String formatCode;

    @Column(name = "practice_setting_code", length = 300)
    String practiceSettingCode;

    @Column(name = "facility_type_code", length = 300)
    String facilityTypeCode;

    @Column(name = "content_type_code", length = 300)
    String contentTypeCode;

    @Column(name = "source_id", length = 128)
    String sourceId;

    /** DocumentEntry eventCodeList or Folder codeList, as '|code^^scheme|' tokens. */
    @Column(name = "event_codes")
    String eventCodes;

    @Column(name = "confidentiality_codes")
    String confidentialityCodes;

    /** DocumentEntry referenceIdList, as '|CXi|' tokens. */
    @Column(name = "reference_ids")
    String referenceIds;

    @Column(name = "source_uuid", length = 64)
    String sourceUuid;

    @Column(name = "target_uuid", length = 64)
    String targetUuid;

    @Column(name = "association_type", length = 128)
    String associationType;

    @Column(name = "registered_at", nullable = false)
    Instant registeredAt;

    @Column(name = "ebxml", nullable = false)
    String ebxml;

    protected RegistryObjectEntity() {}

    RegistryObjectEntity(ObjectKind kind, String entryUuid, AvailabilityStatus status, String ebxml, Instant now) {
        this.kind = kind;
        this.entryUuid = entryUuid;
        this.status = status;
        this.ebxml = ebxml;
        this.registeredAt = now;
    }

    public String getEntryUuid() {
        return entryUuid;
    }

    public ObjectKind getKind() {
        return kind;
    }

    public AvailabilityStatus getStatus() {
        return status;
    }
}
