// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import jakarta.persistence.Column;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One link between a local patient and the id a partner community knows that patient by (table
 * {@code patient_xref}, V8__patient_xref.sql). It exists because communities do not share a
 * patient id: a partner queries us (ITI-38) with its own id, and we query a partner with its id.
 */
@Entity
@Table(name = "patient_xref")
public class PatientXrefEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "local_patient_id", nullable = false, length = 64)
    private String localPatientId;

    @Column(name = "home_community_id", nullable = false, length = 256)
    private String homeCommunityId;

    @Column(name = "partner_patient_id", nullable = false, length = 64)
    private String partnerPatientId;

    @Column(name = "partner_authority", nullable = false, length = 128)
    private String partnerAuthority;

    @Convert(converter = SourceColumn.class)
    @Column(name = "source", nullable = false, length = 16)
    private LinkSource source;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PatientXrefEntity() {}

    PatientXrefEntity(String localPatientId, String homeCommunityId, Instant now) {
        this.localPatientId = localPatientId;
        this.homeCommunityId = homeCommunityId;
        this.createdAt = now;
    }

    void point(String partnerPatientId, String partnerAuthority, LinkSource source, Instant now) {
        this.partnerPatientId = partnerPatientId;
        this.partnerAuthority = partnerAuthority;
        this.source = source;
        this.updatedAt = now;
    }

    Link toLink() {
        return new Link(localPatientId, homeCommunityId, partnerPatientId, partnerAuthority, source, createdAt, updatedAt);
    }

    String localPatientId() { return localPatientId; }
    String homeCommunityId() { return homeCommunityId; }

    /** {@link LinkSource} as its lower-case code ('manual', 'xcpd'). */
    public static final class SourceColumn implements AttributeConverter<LinkSource, String> {
        @Override
        public String convertToDatabaseColumn(LinkSource source) {
            return source == null ? null : source.code();
        }

        @Override
        public LinkSource convertToEntityAttribute(String code) {
            return code == null ? null : LinkSource.valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
