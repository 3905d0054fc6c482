// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The replay cache in the gateway's database (table {@code xua_replay}, migration V4), so that
 * every instance sharing one PostgreSQL sees every MessageID: the primary key makes
 * insert-if-absent atomic across instances. A key whose row has expired may be used again (the
 * expired row is deleted first). Expired rows are purged at most once a minute by whichever
 * request notices it is due. Plain JDBC in auto-commit mode: a failed insert must not abort
 * a surrounding PostgreSQL transaction.
 */
public final class JdbcReplayCache implements ReplayCache {
    private static final Logger LOG = Logger.getLogger(JdbcReplayCache.class.getName());
    private static final String UNIQUE_VIOLATION = "23505";
    private static final long PURGE_EVERY_SECONDS = 60;

    private final DataSource dataSource;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    public JdbcReplayCache(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean firstUse(String key, String partner, Instant expiresAt, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            purgeIfDue(c, now);
            if (insert(c, key, partner, expiresAt, now)) {
                return true;
            }
            return deleteExpired(c, key, now) && insert(c, key, partner, expiresAt, now);
        } catch (SQLException e) {
            throw new ReplayCacheException("replay cache unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection c, String key, String partner, Instant expiresAt, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into xua_replay (message_key, partner, expires_at, seen_at) values (?, ?, ?, ?)")) {
            s.setString(1, key);
            s.setString(2, partner.length() > 64 ? partner.substring(0, 64) : partner);
            s.setObject(3, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
            s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean deleteExpired(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "delete from xua_replay where message_key = ? and expires_at <= ?")) {
            s.setString(1, key);
            s.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            return s.executeUpdate() > 0;
        }
    }

    private void purgeIfDue(Connection c, Instant now) throws SQLException {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plusSeconds(PURGE_EVERY_SECONDS))) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("delete from xua_replay where expires_at <= ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            int n = s.executeUpdate();
            if (n > 0) {
                LOG.fine(() -> "XUA replay cache: purged " + n + " expired entries");
            }
        }
    }
}
