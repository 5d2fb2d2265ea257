package io.xuanxuan.presence.store;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The {@code department} table. */
public class DepartmentStore {

    private final DatabaseClient db;

    public DepartmentStore(DatabaseClient db) {
        this.db = db;
    }

    /** The id of the department with that name, created if missing. */
    public Mono<Long> idOf(String name) {
        return db.sql("SELECT id FROM department WHERE name = :name").bind("name", name)
                .map(row -> row.get("id", Long.class)).one()
                .switchIfEmpty(Mono.defer(() -> db.sql("INSERT INTO department (name) VALUES (:name)")
                        .bind("name", name)
                        .filter(statement -> statement.returnGeneratedValues("id"))
                        .map(row -> row.get("id", Long.class))
                        .one()));
    }
}
