// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A patient as the DICOM instances name it: Patient ID qualified by its issuer (the local
 * assigning authority when an instance carries none). Studies hang off it; XDS queries and the
 * manifest's patient id come from here.
 */
@Entity
@Table(name = "patient")
public class PatientEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "patient_id", nullable = false, length = 64)
    private String patientId;

    @Column(name = "issuer", nullable = false, length = 128)
    private String issuer;

    @Column(name = "name", length = 400)
    private String name;

    @Column(name = "birth_date", length = 8)
    private String birthDate;

    @Column(name = "sex", length = 16)
    private String sex;

    protected PatientEntity() {}

    public PatientEntity(String patientId, String issuer) {
        this.patientId = patientId;
        this.issuer = issuer;
    }

    public Long getId() { return id; }
    public String getPatientId() { return patientId; }
    public String getIssuer() { return issuer; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getBirthDate() { return birthDate; }
    public void setBirthDate(String birthDate) { this.birthDate = birthDate; }
    public String getSex() { return sex; }
    public void setSex(String sex) { this.sex = sex; }
}
