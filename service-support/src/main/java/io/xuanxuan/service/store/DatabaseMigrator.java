package io.xuanxuan.service.store;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs every service's migrations over JDBC at start-up, before any command is consumed (R2DBC has no
 * Flyway support, and start-up is the one place where blocking is fine).
 */
public class DatabaseMigrator implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigrator.class);

    private final DatabaseProperties properties;
    private final List<ServiceMigration> migrations;

    public DatabaseMigrator(DatabaseProperties properties, List<ServiceMigration> migrations) {
        this.properties = properties;
        this.migrations = migrations;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.getJdbcUrl() == null || properties.getJdbcUrl().isBlank()) {
            throw new IllegalStateException("xuanxuan.db.jdbc-url is not set: the services cannot migrate their tables");
        }
        for (ServiceMigration migration : migrations) {
            var result = Flyway.configure()
                    .dataSource(properties.getJdbcUrl(), properties.getUsername(), properties.getPassword())
                    .locations(migration.location())
                    .table(migration.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            log.info("{} schema: {} migration(s) applied", migration.service(), result.migrationsExecuted);
        }
    }
}
