package io.xuanxuan.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several replicas of two services start at once against one empty MariaDB database (what a Helm rollout
 * of a fresh install does): each runs its own {@link DatabaseMigrator}, with its own Flyway and connections,
 * released together. All must start, every migration must be applied exactly once, and the schema must be
 * complete. Skipped without a MariaDB ({@link TestDatabases}).
 */
class DatabaseMigratorConcurrencyTest {

    private static final int REPLICAS_PER_SERVICE = 4;
    private static final int ROUNDS = 10;

    @Test
    void replicasStartingTogetherMigrateAnEmptyDatabaseOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TestDatabases.MariaDb db = TestDatabases.emptyMariaDb("xx_migrate");
            List<ServiceMigration> services = List.of(ServiceMigration.forService("migratortest_a"),
                    ServiceMigration.forService("migratortest_b"));
            int replicas = REPLICAS_PER_SERVICE * services.size();
            CyclicBarrier together = new CyclicBarrier(replicas);
            ExecutorService pool = Executors.newFixedThreadPool(replicas);
            try {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    ServiceMigration service = services.get(i % services.size());
                    started.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        new DatabaseMigrator(properties(db), List.of(service)).afterPropertiesSet();
                        return null;
                    }));
                }
                for (Future<?> replica : started) {
                    replica.get(60, TimeUnit.SECONDS); // a replica that failed to migrate rethrows here
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 Statement statement = connection.createStatement()) {
                assertThat(appliedVersions(statement, "flyway_history_migratortest_a")).containsExactly("1", "2");
                assertThat(appliedVersions(statement, "flyway_history_migratortest_b")).containsExactly("1");
                assertThat(count(statement, "SELECT COUNT(*) FROM mt_a_item WHERE note = 'V2'")).isEqualTo(1);
                assertThat(count(statement, "SELECT COUNT(*) FROM mt_b_entry")).isEqualTo(1);
            }
        }
    }

    private static DatabaseProperties properties(TestDatabases.MariaDb db) {
        DatabaseProperties properties = new DatabaseProperties(db.jdbcUrl(), db.user(), db.password());
        return properties;
    }

    /** The versioned migrations a history table records as applied (a baseline row, if any, included). */
    private static List<String> appliedVersions(Statement statement, String table) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT version, type, success FROM " + table
                + " WHERE type <> 'BASELINE' ORDER BY installed_rank")) {
            while (rows.next()) {
                assertThat(rows.getBoolean("success")).as("migration " + rows.getString("version")).isTrue();
                versions.add(rows.getString("version"));
            }
        }
        return versions;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
