package io.xuanxuan.service.store;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.mariadb.MariaDBContainer;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Fresh databases for store tests, migrated with a service's own migrations: an H2 in-memory database
 * in MySQL mode (the standalone engine), or a new schema on a MariaDB/MySQL server given by the
 * environment (the distributed engine): {@code XX_TEST_MYSQL_HOST} (127.0.0.1),
 * {@code XX_TEST_MYSQL_PORT} (3306), {@code XX_TEST_MYSQL_USER} and {@code XX_TEST_MYSQL_PASSWORD}.
 * {@code .ci/run} starts MariaDB and sets them. Where Docker exists, {@code -Ptestcontainers} (system
 * property {@code xx.testcontainers=true}) starts a throwaway MariaDB container instead. Without either,
 * the MariaDB runs are skipped.
 */
public final class TestDatabases {

    public enum Engine { H2, MARIADB }

    private TestDatabases() {
    }

    private static MariaDBContainer container;

    public static boolean mariaDbConfigured() {
        return System.getenv("XX_TEST_MYSQL_USER") != null || Boolean.getBoolean("xx.testcontainers");
    }

    /** The server to create test databases on: from the environment, or a container started once. */
    private static synchronized MariaDb server() {
        if (System.getenv("XX_TEST_MYSQL_USER") != null) {
            return new MariaDb(env("XX_TEST_MYSQL_HOST", "127.0.0.1"),
                    Integer.parseInt(env("XX_TEST_MYSQL_PORT", "3306")), "", env("XX_TEST_MYSQL_USER", ""),
                    env("XX_TEST_MYSQL_PASSWORD", ""));
        }
        if (container == null) {
            container = new MariaDBContainer("mariadb:10.11").withUsername("root").withPassword("test-only");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        }
        return new MariaDb(container.getHost(), container.getMappedPort(3306), "", "root", "test-only");
    }

    /** A new, migrated database of that engine for one service's migrations. */
    public static DatabaseClient create(Engine engine, String service) {
        String name = "xx_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return switch (engine) {
            case H2 -> h2(name, service);
            case MARIADB -> mariaDb(name, service);
        };
    }

    private static DatabaseClient h2(String name, String service) {
        String url = "mem:" + name + ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        migrate("jdbc:h2:" + url, "sa", "", service);
        ConnectionFactory factory = new io.r2dbc.h2.H2ConnectionFactory(
                io.r2dbc.h2.H2ConnectionConfiguration.builder().url(url).username("sa").build());
        return DatabaseClient.create(factory);
    }

    /** An empty database on the configured MariaDB server, for a service that migrates it itself. */
    public record MariaDb(String host, int port, String database, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:mariadb://" + host + ":" + port + "/" + database;
        }

        public String r2dbcUrl() {
            return "r2dbc:mysql://" + host + ":" + port + "/" + database;
        }
    }

    public static MariaDb emptyMariaDb(String prefix) {
        Assumptions.assumeTrue(mariaDbConfigured(),
                "no MariaDB configured (XX_TEST_MYSQL_USER, or -Ptestcontainers with Docker): skipped");
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MariaDb host = server();
        MariaDb db = new MariaDb(host.host(), host.port(), name, host.user(), host.password());
        String server = "jdbc:mariadb://" + db.host() + ":" + db.port() + "/";
        try (Connection connection = DriverManager.getConnection(server, db.user(), db.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + server, e);
        }
        return db;
    }

    private static DatabaseClient mariaDb(String name, String service) {
        MariaDb db = emptyMariaDb(name);
        String host = db.host();
        String port = String.valueOf(db.port());
        String user = db.user();
        String password = db.password();
        name = db.database();
        migrate(db.jdbcUrl(), user, password, service);
        return DatabaseClient.create(ConnectionFactories.get(ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "mysql")
                .option(ConnectionFactoryOptions.HOST, host)
                .option(ConnectionFactoryOptions.PORT, Integer.parseInt(port))
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.PASSWORD, password)
                .option(ConnectionFactoryOptions.DATABASE, name)
                .build()));
    }

    private static void migrate(String jdbcUrl, String user, String password, String service) {
        ServiceMigration migration = ServiceMigration.forService(service);
        Flyway.configure().dataSource(jdbcUrl, user, password).locations(migration.location())
                .table(migration.historyTable()).load().migrate();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
