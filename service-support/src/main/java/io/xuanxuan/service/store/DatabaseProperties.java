package io.xuanxuan.service.store;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The JDBC side of the database, used only by the migrations at start-up. Requests use R2DBC
 * ({@code spring.r2dbc.*}, or the standalone server's embedded H2).
 *
 * @param jdbcUrl  JDBC URL for the migrations, e.g. jdbc:mariadb://127.0.0.1:3306/xuanxuan (a service
 *                 does not start without it: {@link DatabaseMigrator})
 * @param username the database user of the migrations
 * @param password that user's password
 */
@Validated
@ConfigurationProperties("xuanxuan.db")
public record DatabaseProperties(
        @Pattern(regexp = "jdbc:.+", message = "must be a JDBC URL (jdbc:...)") String jdbcUrl,
        String username,
        String password) {
}
