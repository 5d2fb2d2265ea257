package io.xuanxuan.service.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.xuanxuan.service.store.DatabaseMigrator;
import io.xuanxuan.service.store.DatabaseProbe;
import io.xuanxuan.service.store.DatabaseProperties;
import io.xuanxuan.service.store.ServiceMigration;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** What every service module gets: the clock and the migration of the services' schemas. */
@AutoConfiguration
@EnableConfigurationProperties(DatabaseProperties.class)
public class ServiceSupportConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The database's health as a metric, for the alert rules (needs a database and a meter registry). */
    @Bean
    @ConditionalOnBean(ServiceMigration.class)
    public DatabaseProbe databaseProbe(ObjectProvider<ConnectionFactory> database,
                                       ObjectProvider<MeterRegistry> meters) {
        ConnectionFactory factory = database.getIfAvailable();
        MeterRegistry registry = meters.getIfAvailable();
        return factory == null || registry == null ? null : new DatabaseProbe(factory, registry);
    }

    @Bean
    @ConditionalOnBean(ServiceMigration.class)
    public DatabaseMigrator databaseMigrator(DatabaseProperties properties, List<ServiceMigration> migrations) {
        return new DatabaseMigrator(properties, migrations);
    }
}
