// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The replay cache in the database (migration V4): insert-if-absent semantics, expiry and purge
 * on H2, and on one PostgreSQL shared by two gateway instances, where a message accepted by one
 * is a replay for the other and concurrent first uses of one key have exactly one winner.
 */
class JdbcReplayCacheTest {

    @Test
    @DisplayName("H2: a key is new once, a replay until it expires, new again after; expired rows are purged")
    void h2InsertIfAbsentAndExpiry() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            JdbcReplayCache cache = new JdbcReplayCache(h.db().dataSource());
            Instant now = Instant.parse("2026-03-01T10:00:00Z");
            assertTrue(cache.firstUse("k1", "hospital-a", now.plusSeconds(300), now));
            assertFalse(cache.firstUse("k1", "hospital-a", now.plusSeconds(300), now.plusSeconds(10)));
            assertTrue(cache.firstUse("k1", "hospital-a", now.plusSeconds(900), now.plusSeconds(301)));
            assertTrue(cache.firstUse("k2", "hospital-a", now.plusSeconds(400), now.plusSeconds(302)));
            assertEquals(2, rows(h.db().dataSource()));
            JdbcReplayCache later = new JdbcReplayCache(h.db().dataSource());
            assertTrue(later.firstUse("k3", "hospital-b", now.plusSeconds(2000), now.plusSeconds(1000)));
            assertEquals(1, rows(h.db().dataSource()), "the expired k1 and k2 rows were purged");
        }
    }

    @Test
    @DisplayName("SAML-22 PostgreSQL shared by two instances: concurrent first uses of a key have exactly one winner")
    void postgresTwoInstancesRace() throws Exception {
        try (PostgresDatabase pg = PostgresDatabase.create("xua_replay")) {
            Path dir = Files.createTempDirectory("xua-pg");
            try (Database one = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 8));
                 Database two = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 8))) {
                List<ReplayCache> instances = List.of(new JdbcReplayCache(one.dataSource()),
                        new JdbcReplayCache(two.dataSource()));
                Instant now = Instant.now();
                AtomicInteger winners = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Future<?>> tasks = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        ReplayCache cache = instances.get(t % 2);
                        tasks.add(pool.submit(() -> {
                            for (int k = 0; k < 40; k++) {
                                if (cache.firstUse("key-" + k, "hospital-a", now.plusSeconds(300), now)) {
                                    winners.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : tasks) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(40, winners.get(), "each of the 40 keys accepted exactly once across both instances");
            }
        }
    }

    @Test
    @DisplayName("SAML-22 a message accepted by one gateway instance is a replay at another on the same PostgreSQL")
    void postgresReplayAcrossInstances() throws Exception {
        try (PostgresDatabase pg = PostgresDatabase.create("xua_replay")) {
            Path dir = Files.createTempDirectory("xua-pg");
            try (Database one = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 4));
                 Database two = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 4))) {
                AssertionValidator first = new AssertionValidator(XuaFixture.DIRECTORY, XuaSettings.defaults(),
                        new JdbcReplayCache(one.dataSource()), Clock.systemUTC());
                AssertionValidator second = new AssertionValidator(XuaFixture.DIRECTORY, XuaSettings.defaults(),
                        new JdbcReplayCache(two.dataSource()), Clock.systemUTC());
                TestEnvelope env = TestEnvelope.of(XuaFixture.assertionA().build()).reparsed();
                first.validate(new XuaRequest(env.security(), env.messageId, XuaFixture.tlsA(), null, null));
                TestEnvelope again = env.reparsed();
                XuaRejection r = assertThrows(XuaRejection.class, () -> second.validate(
                        new XuaRequest(again.security(), again.messageId, XuaFixture.tlsA(), null, null)));
                assertEquals(XuaFailure.REPLAY, r.failure());
            }
        }
    }

    @Test
    @DisplayName("a replay store that cannot answer refuses the request (internal error, fail closed)")
    void storeDownFailsClosed() throws Exception {
        Path dir = Files.createTempDirectory("xua-h2");
        Database db = Database.open(new Database.Settings("jdbc:h2:file:" + dir.resolve("db"), null, null, dir, 2));
        DataSource ds = db.dataSource();
        db.close();
        AssertionValidator v = new AssertionValidator(XuaFixture.DIRECTORY, XuaSettings.defaults(),
                new JdbcReplayCache(ds), Clock.systemUTC());
        TestEnvelope env = TestEnvelope.of(XuaFixture.assertionA().build()).reparsed();
        XuaRejection r = assertThrows(XuaRejection.class,
                () -> v.validate(new XuaRequest(env.security(), env.messageId, XuaFixture.tlsA(), null, null)));
        assertEquals(XuaFailure.INTERNAL, r.failure());
    }

    private static int rows(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from xua_replay")) {
            rs.next();
            return rs.getInt(1);
        }
    }

}
