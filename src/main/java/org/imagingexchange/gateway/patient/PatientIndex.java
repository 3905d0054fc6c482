// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.patient;

import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/**
 * The local patient index: which patient identifiers (id + assigning authority OID) this
 * community knows. Filled by ingest today; a PIX/PDQ feed or the cross-community
 * reference table can add to it later.
 */
public final class PatientIndex {
    private final Database db;

    public PatientIndex(Database db) {
        this.db = db;
    }

    public boolean isKnown(Identifiable patientId) {
        if (patientId == null || patientId.getId() == null || patientId.getAssigningAuthority() == null) {
            return false;
        }
        String issuer = patientId.getAssigningAuthority().getUniversalId();
        return db.inTransaction(em -> !em.createQuery(
                        "select p.id from PatientEntity p where p.patientId = :pid and p.issuer = :issuer", Long.class)
                .setParameter("pid", patientId.getId())
                .setParameter("issuer", issuer)
                .setMaxResults(1)
                .getResultList().isEmpty());
    }
}
