package io.xuanxuan.offline.store;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The {@code offline_live_connection} table: which connection of a user gets new pushes at once. */
public class LiveConnectionStore {

    private final DatabaseClient db;

    public LiveConnectionStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<String> connectionOf(long userId) {
        return db.sql("SELECT connection_id FROM offline_live_connection WHERE user_id = :user")
                .bind("user", userId).map(row -> row.get("connection_id", String.class)).one();
    }

    public Mono<Void> set(long userId, String connectionId) {
        return db.sql("DELETE FROM offline_live_connection WHERE user_id = :user").bind("user", userId).then()
                .then(db.sql("INSERT INTO offline_live_connection (user_id, connection_id) VALUES (:user, :connection)")
                        .bind("user", userId).bind("connection", connectionId).then());
    }

    /** Forgets the connection, unless the user has moved to a newer one already. */
    public Mono<Void> clear(long userId, String connectionId) {
        return db.sql("DELETE FROM offline_live_connection WHERE user_id = :user AND connection_id = :connection")
                .bind("user", userId).bind("connection", connectionId).then();
    }

    public Mono<Void> clearAll() {
        return db.sql("DELETE FROM offline_live_connection").then();
    }
}
