package io.xuanxuan.service.store;

/**
 * A service's own Flyway migrations: {@code classpath:db/migration/<service>}, with a history table
 * of its own so several services can share one database (standalone) without touching each other.
 */
public record ServiceMigration(String service, String location) {

    public static ServiceMigration forService(String service) {
        return new ServiceMigration(service, "classpath:db/migration/" + service);
    }

    public String historyTable() {
        return "flyway_history_" + service;
    }
}
