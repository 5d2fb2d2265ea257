package io.xuanxuan.standalone;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded H2 database in MySQL mode, one file under the data directory. The migrations reach
 * the same database over JDBC through {@code xuanxuan.db.jdbc-url} (see application.yml), and so does its
 * compaction ({@link EmbeddedDatabaseCompaction}).
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "dispose")
    public ConnectionPool connectionFactory(@Value("${xuanxuan.h2.url}") String h2Url,
                                            @Value("${xuanxuan.h2.pool-size:16}") int poolSize) {
        ConnectionFactory h2 = new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                .url(h2Url)
                .username("sa")
                .build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(h2).maxSize(poolSize).build());
    }

    @Bean
    public EmbeddedDatabaseCompaction embeddedDatabaseCompaction(
            @Value("${xuanxuan.db.jdbc-url}") String jdbcUrl,
            @Value("${xuanxuan.db.username:sa}") String username,
            @Value("${xuanxuan.db.password:}") String password,
            @Value("${xuanxuan.h2.compact-interval:5s}") Duration interval,
            @Value("${xuanxuan.h2.compact-max-time:100ms}") Duration maxTime) {
        return new EmbeddedDatabaseCompaction(jdbcUrl, username, password, interval, maxTime);
    }
}
