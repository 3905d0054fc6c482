// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import java.time.Instant;
import org.imagingexchange.gateway.persistence.Database;

/** What the REST API shows of one study: identifiers, counts and manifest state (no demographics). */
public record StudyView(String studyInstanceUid, String patientId, String issuer, String studyDate,
                        String source, long instances, long series, String manifestUid,
                        int manifestInstances, Instant manifestPublishedAt) {

    public static StudyView load(Database db, String studyUid) {
        return db.inTransaction(em -> {
            StudyEntity s = em.find(StudyEntity.class, studyUid);
            if (s == null) {
                return null;
            }
            Object[] counts = em.createQuery("select count(i), count(distinct i.seriesUid) from InstanceEntity i "
                    + "where i.studyUid = :s", Object[].class).setParameter("s", studyUid).getSingleResult();
            return new StudyView(s.getStudyUid(), s.getPatient().getPatientId(), s.getPatient().getIssuer(),
                    s.getStudyDate(), s.getSource(), (Long) counts[0], (Long) counts[1], s.getManifestUid(),
                    s.getManifestInstanceCount(), s.getManifestPublishedAt());
        });
    }
}
