// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Fresh databases for the XDS tests: embedded H2 in a temporary directory, or a new PostgreSQL
 * database on 127.0.0.1:5432 (user postgres, trust auth) created for the test class and dropped
 * afterwards. PostgreSQL not reachable is a test failure, never a skip.
 */
public final class TestDatabases {
    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String PG_USER = "postgres";

    /** An open database and a scratch directory, both removed by {@link #close()}. */
    public interface Handle extends AutoCloseable {
        Database db();

        Path dir();

        @Override
        void close();
    }

    private TestDatabases() {}

    public static Handle h2() {
        Path dir = tempDir("xds-h2-");
        // An explicit file URL: Database's default H2 URL combines AUTO_SERVER with
        // DB_CLOSE_ON_EXIT=FALSE, which H2 2.3 refuses.
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("gateway");
        try {
            Database db = Database.open(new Database.Settings(url, null, null, dir, 4));
            return handle(db, dir, () -> { });
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public static Handle postgres() {
        String name = "xds_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("create database " + name);
        Path dir = tempDir("xds-pg-");
        try {
            Database db = Database.open(new Database.Settings(
                    "jdbc:postgresql://127.0.0.1:5432/" + name, PG_USER, "", dir, 4));
            return handle(db, dir, () -> admin("drop database if exists " + name + " with (force)"));
        } catch (RuntimeException e) {
            admin("drop database if exists " + name + " with (force)");
            deleteTree(dir);
            throw e;
        }
    }

    private static Handle handle(Database db, Path dir, Runnable cleanup) {
        return new Handle() {
            @Override
            public Database db() {
                return db;
            }

            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public void close() {
                try {
                    db.close();
                } finally {
                    cleanup.run();
                    deleteTree(dir);
                }
            }
        };
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_ADMIN_URL + " is required: " + e.getMessage(), e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
