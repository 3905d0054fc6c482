// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Finds stored audit records by time, patient, partner, event and outcome, newest first
 * ({@code GET /api/audit}). Read-only; the records themselves are never changed but for their
 * sent time.
 */
public final class AuditSearch {
    private final Database db;

    AuditSearch(Database db) {
        this.db = db;
    }

    public List<AuditRecordView> find(AuditQuery q) {
        StringBuilder jpql = new StringBuilder("select r from AuditRecordEntity r where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (q.from() != null) {
            jpql.append(" and r.eventTime >= :from");
            params.put("from", q.from());
        }
        if (q.to() != null) {
            jpql.append(" and r.eventTime <= :to");
            params.put("to", q.to());
        }
        if (q.patient() != null) {
            jpql.append(" and r.patientIds like :patient escape '!'");
            String p = escapeLike(q.patient());
            params.put("patient", q.patient().contains("^") ? "%|" + p + "|%" : "%|" + p + "^%");
        }
        if (q.partner() != null) {
            jpql.append(" and r.partner = :partner");
            params.put("partner", q.partner());
        }
        if (q.event() != null) {
            jpql.append(" and (r.eventId = :event or upper(r.eventType) = :eventUpper"
                    + " or r.transactionCode = :eventUpper)");
            params.put("event", q.event());
            params.put("eventUpper", q.event().toUpperCase(Locale.ROOT));
        }
        if (q.outcome() != null) {
            jpql.append(" and r.outcome = :outcome");
            params.put("outcome", q.outcome());
        }
        if (q.failures()) {
            jpql.append(" and r.outcome <> 0");
        }
        jpql.append(" order by r.eventTime desc, r.id desc");
        return db.inTransaction(em -> {
            TypedQuery<AuditRecordEntity> query = em.createQuery(jpql.toString(), AuditRecordEntity.class);
            params.forEach(query::setParameter);
            return query.setFirstResult(q.offset()).setMaxResults(q.limit()).getResultList().stream()
                    .map(e -> AuditRecordView.of(e, q.includeXml()))
                    .toList();
        });
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
