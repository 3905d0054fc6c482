// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/**
 * Finds the patient of a retrieve for its audit record: retrieve requests (ITI-43, RAD-69) name
 * documents and studies, not patients, but ITI TF-2 wants the patient in the record. Reads the
 * registry ({@code registry_object}) and the DICOM index ({@code study}, {@code patient}).
 */
final class PatientLookup {
    private static final Logger LOG = Logger.getLogger(PatientLookup.class.getName());

    private final Database db;

    PatientLookup(Database db) {
        this.db = db;
    }

    /** The patient (CX) of a registered document, or null. */
    String ofDocument(String documentUniqueId) {
        return query("select patient_id from registry_object where unique_id = ?", documentUniqueId, false);
    }

    /** The patient (CX with the issuer as ISO assigning authority) of an indexed study, or null. */
    String ofStudy(String studyInstanceUid) {
        return query("select p.patient_id, p.issuer from study s join patient p on p.id = s.patient_pk"
                + " where s.study_uid = ?", studyInstanceUid, true);
    }

    private String query(String sql, String key, boolean idAndIssuer) {
        if (key == null) {
            return null;
        }
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return idAndIssuer ? cx(rs.getString(1), rs.getString(2)) : rs.getString(1);
            }
        } catch (SQLException e) {
            LOG.warning(() -> "AUDIT-005 patient lookup for an audit record failed: " + e.getSQLState());
            return null;
        }
    }

    static String cx(String id, String issuerOid) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return Hl7v2Based.render(new Identifiable(id, new AssigningAuthority(issuerOid, "ISO")));
    }
}
