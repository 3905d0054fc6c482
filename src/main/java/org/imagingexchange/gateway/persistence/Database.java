// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * The gateway's one database: a connection pool, Flyway migrations and a Hibernate
 * EntityManagerFactory, bootstrapped by the application so the same code runs in Liberty,
 * in unit tests and in the benchmark harness.
 *
 * <p>An empty JDBC URL means the embedded H2 file database under the data directory;
 * production points it at PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, EntityManagerFactory emf, boolean postgres) {
        this.dataSource = dataSource;
        this.emf = emf;
        this.postgres = postgres;
    }

    /** Settings of the database connection; an empty url selects embedded H2 in {@code dataDir}. */
    public record Settings(String url, String user, String password, Path dataDir, int maxPoolSize) {
        public String effectiveUrl() {
            if (url != null && !url.isBlank()) {
                return url;
            }
            Path file = dataDir.toAbsolutePath().resolve("db").resolve("gateway");
            return "jdbc:h2:file:" + file;
        }
    }

    public static Database open(Settings settings) {
        String url = settings.effectiveUrl();
        boolean postgres = url.startsWith("jdbc:postgresql:");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(blankToNull(settings.user()));
        pool.setPassword(blankToNull(settings.password()));
        pool.setMaximumPoolSize(Math.max(2, settings.maxPoolSize()));
        pool.setPoolName("gateway-db");
        pool.setDriverClassName(postgres ? "org.postgresql.Driver" : "org.h2.Driver");
        HikariDataSource ds = new HikariDataSource(pool);
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                    .applySetting(AvailableSettings.DATASOURCE, ds)
                    .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                    .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                    .applySetting(AvailableSettings.ORDER_INSERTS, true)
                    .build();
            MetadataSources sources = new MetadataSources(registry);
            Entities.ALL.forEach(sources::addAnnotatedClass);
            EntityManagerFactory emf = sources.buildMetadata().buildSessionFactory();
            LOG.info(() -> "database ready: " + (postgres ? "postgresql" : "h2") + " " + redact(url));
            return new Database(ds, emf, postgres);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs {@code work} in one transaction; rolls back on any exception. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }

    public void inTransactionDo(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    /** True when a trivial query answers: used by the readiness check. */
    public boolean isUp() {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            return s.execute("select 1");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        emf.close();
        dataSource.close();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }
}
