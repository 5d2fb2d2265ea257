package io.xuanxuan.service.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs every service's migrations over JDBC at start-up, before any command is consumed (R2DBC has no
 * Flyway support, and start-up is the one place where blocking is fine).
 *
 * <p>Several replicas start at once (a rollout, a fresh install), and on MySQL/MariaDB they migrate one at
 * a time under a named lock of the database ({@code GET_LOCK}), held for the whole migration. Flyway's own
 * lock covers its migrate step but not the decision before it: a replica that found a non-empty database
 * without its history table (another service's tables) baselines, and fails with "Unable to baseline schema
 * history table ... as it already exists, and is empty" when another replica of its service has just
 * created that table (DatabaseMigratorConcurrencyTest). The lock is the connection's: a replica that dies
 * while migrating releases it. H2 (standalone: one process) needs none.
 */
public class DatabaseMigrator implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigrator.class);

    /** How long a replica waits for another's migration before it gives up (and its pod restarts). */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    private final DatabaseProperties properties;
    private final List<ServiceMigration> migrations;

    public DatabaseMigrator(DatabaseProperties properties, List<ServiceMigration> migrations) {
        this.properties = properties;
        this.migrations = migrations;
    }

    @Override
    public void afterPropertiesSet() {
        String url = properties.jdbcUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("xuanxuan.db.jdbc-url is not set: the services cannot migrate their tables");
        }
        if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
            migrateAll();
            return;
        }
        try (Connection lockHolder = DriverManager.getConnection(url, properties.username(), properties.password())) {
            String lock = lockName(lockHolder);
            acquire(lockHolder, lock);
            try {
                migrateAll();
            } finally {
                release(lockHolder, lock);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the migration lock on " + url + ": " + e.getMessage(), e);
        }
    }

    private void migrateAll() {
        for (ServiceMigration migration : migrations) {
            var result = Flyway.configure()
                    .dataSource(properties.jdbcUrl(), properties.username(), properties.password())
                    .locations(migration.location())
                    .table(migration.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            log.info("{} schema: {} migration(s) applied", migration.service(), result.migrationsExecuted);
        }
    }

    /** One lock per database (lock names are server-wide; at most 64 characters). */
    private static String lockName(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT DATABASE()");
             ResultSet row = statement.executeQuery()) {
            String database = row.next() && row.getString(1) != null ? row.getString(1) : "";
            String name = "xuanxuan-migrate-" + database;
            return name.length() <= 64 ? name : name.substring(0, 64);
        }
    }

    private static void acquire(Connection connection, String lock) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            statement.setString(1, lock);
            statement.setLong(2, LOCK_TIMEOUT.toSeconds());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next() || row.getInt(1) != 1) {
                    throw new IllegalStateException("another instance has been migrating the database for over "
                            + LOCK_TIMEOUT + " (lock " + lock + "): giving up; if none is running, look for a "
                            + "session holding the lock (SELECT IS_USED_LOCK('" + lock + "'))");
                }
            }
        }
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        if (waitedMs > 100) {
            log.info("waited {} ms for another instance's migration (lock {})", waitedMs, lock);
        }
    }

    private static void release(Connection connection, String lock) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            statement.setString(1, lock);
            statement.executeQuery().close();
        } catch (SQLException e) {
            // closing the connection releases it anyway
            log.debug("migration lock {} not released explicitly: {}", lock, e.toString());
        }
    }
}
