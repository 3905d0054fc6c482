// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Hands out import jobs to the nodes that share one database. A node claims a due job with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} (so two nodes never take the same row, and neither
 * waits for the other) and writes its name and a lease into it; while it works it renews the
 * lease. A node that dies stops renewing, and once the lease has run out any node claims the job
 * again and carries on from the job's committed progress.
 */
final class ImportQueue {
    private static final String ACTIVE = "('queued','retrieving','reconciling','storing','verifying')";

    private final DataSource dataSource;
    private final String node;
    private final Clock clock;

    ImportQueue(DataSource dataSource, String node, Clock clock) {
        this.dataSource = dataSource;
        this.node = node;
        this.clock = clock;
    }

    String node() {
        return node;
    }

    /** Claims the oldest due job for {@code leaseSeconds}; empty when there is none (or all are taken). */
    Optional<String> claim(java.time.Duration lease) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String id = null;
                try (PreparedStatement s = c.prepareStatement("select id from import_job where state in " + ACTIVE
                        + " and (lease_until is null or lease_until < ?) and (next_attempt_at is null or next_attempt_at <= ?)"
                        + " order by created_at, id fetch first 1 rows only for update skip locked")) {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.setTimestamp(2, Timestamp.from(now));
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            id = r.getString(1);
                        }
                    }
                }
                if (id != null) {
                    try (PreparedStatement u = c.prepareStatement(
                            "update import_job set owner = ?, lease_until = ? where id = ?")) {
                        u.setString(1, node);
                        u.setTimestamp(2, Timestamp.from(now.plus(lease)));
                        u.setString(3, id);
                        u.executeUpdate();
                    }
                }
                c.commit();
                return Optional.ofNullable(id);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Extends this node's lease on a job; false when the job is no longer ours (taken over or finished). */
    boolean renew(String jobId, java.time.Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement(
                     "update import_job set lease_until = ? where id = ? and owner = ?")) {
            u.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
            u.setString(2, jobId);
            u.setString(3, node);
            return u.executeUpdate() == 1;
        }
    }

    /**
     * At start-up: leases this node's name still holds are from its previous life (a crash), so
     * they are given up at once instead of waiting for them to run out.
     */
    int releaseOwn() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement(
                     "update import_job set owner = null, lease_until = null where owner = ?")) {
            u.setString(1, node);
            return u.executeUpdate();
        }
    }

    /** Gives the job back without waiting for the lease (after a step ended: review, retry later, done). */
    void release(String jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement(
                     "update import_job set owner = null, lease_until = null where id = ? and owner = ?")) {
            u.setString(1, jobId);
            u.setString(2, node);
            u.executeUpdate();
        }
    }
}
