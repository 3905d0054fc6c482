// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job queue on PostgreSQL with two nodes, each with its own connection pool, as two gateway
 * instances would have: SKIP LOCKED hands every job to exactly one node, a lease that is not
 * renewed runs out and the other node takes the job over, and the first node's renewal then fails.
 */
class ImportQueueTest {
    private PostgresDatabase pg;
    private Database nodeA;
    private Database nodeB;
    private Path dir;

    @BeforeEach
    void open() throws Exception {
        pg = PostgresDatabase.create("import_queue");
        dir = Files.createTempDirectory("import-queue");
        nodeA = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 6));
        nodeB = Database.open(new Database.Settings(pg.jdbcUrl(), "postgres", "", dir, 6));
    }

    @AfterEach
    void close() throws Exception {
        nodeA.close();
        nodeB.close();
        pg.close();
    }

    @Test
    void concurrentClaimsFromTwoNodesTakeEveryJobExactlyOnce() throws Exception {
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            insertJob(nodeA, "job-" + i, Instant.now().minusSeconds(100 - i));
        }
        ImportQueue a = new ImportQueue(nodeA.dataSource(), "node-a", Clock.systemUTC());
        ImportQueue b = new ImportQueue(nodeB.dataSource(), "node-b", Clock.systemUTC());
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            ImportQueue q = t % 2 == 0 ? a : b;
            runs.add(pool.submit(() -> {
                go.await();
                for (int misses = 0; misses < 20; ) {
                    Optional<String> id = q.claim(Duration.ofMinutes(5));
                    if (id.isEmpty()) {
                        misses++;
                        continue;
                    }
                    if (!claimed.add(id.get())) {
                        duplicates.add(id.get());
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : runs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of(), duplicates, "no job handed out twice");
        assertEquals(jobs, claimed.size(), "every job handed out");
        long owners = nodeA.inTransaction(em -> em.createQuery(
                "select count(distinct j.owner) from ImportJobEntity j", Long.class).getSingleResult());
        assertEquals(2, owners, "both nodes got work");
    }

    @Test
    void aLeaseThatRunsOutIsTakenOverAndTheOldOwnerCanNoLongerRenewIt() throws Exception {
        insertJob(nodeA, "job-x", Instant.now());
        ImportQueue a = new ImportQueue(nodeA.dataSource(), "node-a", Clock.systemUTC());
        ImportQueue b = new ImportQueue(nodeB.dataSource(), "node-b", Clock.systemUTC());
        assertEquals(Optional.of("job-x"), a.claim(Duration.ofMillis(800)));
        assertEquals(Optional.empty(), b.claim(Duration.ofSeconds(30)), "held by A while its lease runs");
        Thread.sleep(1200); // A "dies": no renewal
        assertEquals(Optional.of("job-x"), b.claim(Duration.ofSeconds(30)), "B takes the job over");
        assertFalse(a.renew("job-x", Duration.ofSeconds(30)), "A has lost it");
        assertTrue(b.renew("job-x", Duration.ofSeconds(30)));
        assertEquals(0, a.releaseOwn(), "A holds nothing to release");
    }

    private static void insertJob(Database db, String id, Instant created) {
        db.inTransactionDo(em -> em.persist(new ImportJobEntity(id, ImportJobEntity.SourceKind.MEDIA, created)));
    }
}
