package io.xuanxuan.service.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The JDBC side of the database, used only by the migrations at start-up. Requests use R2DBC
 * ({@code spring.r2dbc.*}, or the standalone server's embedded H2).
 */
@ConfigurationProperties("xuanxuan.db")
public class DatabaseProperties {

    /** JDBC URL for the migrations, e.g. jdbc:mariadb://127.0.0.1:3306/xuanxuan. */
    private String jdbcUrl;
    private String username;
    private String password;

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
