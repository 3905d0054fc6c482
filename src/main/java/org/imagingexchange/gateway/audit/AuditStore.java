// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagingexchange.gateway.persistence.Database;

/**
 * The audit table as a durable, ordered send queue. Writers insert; one sender at a time (per
 * database: a PostgreSQL advisory lock keeps several gateway instances from sending the same
 * rows twice or out of order) takes the oldest unsent rows, hands them to the transport and marks
 * them sent in the same transaction, so a failed send leaves them unsent.
 */
final class AuditStore {
    /** Advisory lock key of the audit sender ("ATNA"). */
    private static final long SENDER_LOCK = 0x41544E41L;

    /** Delivers a batch of records in order, or throws (and nothing is marked sent). */
    interface Delivery {
        void deliver(List<AuditRecordEntity> records) throws Exception;
    }

    private final Database db;
    private final Clock clock;

    AuditStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Commits the records (all or none) and returns their ids. */
    List<Long> insert(List<AuditRecord> records) {
        Instant now = clock.instant();
        return db.inTransaction(em -> {
            List<Long> ids = new ArrayList<>();
            for (AuditRecord r : records) {
                AuditRecordEntity e = new AuditRecordEntity(r, now);
                em.persist(e);
                em.flush();
                ids.add(e.getId());
            }
            return ids;
        });
    }

    /**
     * Hands up to {@code max} of the oldest unsent records to {@code delivery} and marks them sent
     * when it returns. Returns how many were sent; 0 when there were none or another instance is
     * sending. An exception of the delivery rolls back: the records stay unsent.
     */
    int sendOldest(int max, Delivery delivery) {
        return db.inTransaction(em -> {
            if (!senderLock(em)) {
                return 0;
            }
            List<AuditRecordEntity> batch = em.createQuery(
                            "select r from AuditRecordEntity r where r.sentAt is null order by r.id",
                            AuditRecordEntity.class)
                    .setMaxResults(max)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            try {
                delivery.deliver(batch);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DeliveryException(e);
            }
            Instant now = clock.instant();
            batch.forEach(r -> r.markSent(now));
            return batch.size();
        });
    }

    long unsentCount() {
        return db.inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.sentAt is null", Long.class).getSingleResult());
    }

    private boolean senderLock(EntityManager em) {
        if (!db.isPostgres()) {
            return true; // embedded H2 serves one instance; its one sender thread is alone
        }
        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(" + SENDER_LOCK + ")").getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /** A failed delivery, carried out of the transaction. */
    static final class DeliveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeliveryException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
