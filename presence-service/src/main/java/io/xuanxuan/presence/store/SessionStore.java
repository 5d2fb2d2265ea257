package io.xuanxuan.presence.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.presence.domain.Session;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code user_session} table: at most one live session per user. */
public class SessionStore {

    private final DatabaseClient db;

    public SessionStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Session> find(long userId) {
        return db.sql("SELECT user_id, sid, gateway_id, connection_id, created_at FROM user_session WHERE user_id = :id")
                .bind("id", userId)
                .map(SessionStore::toSession)
                .one();
    }

    /** The sessions held by connections of one gateway. */
    public Flux<Session> findByGateway(String gatewayId) {
        return db.sql("SELECT user_id, sid, gateway_id, connection_id, created_at FROM user_session "
                        + "WHERE gateway_id = :gateway")
                .bind("gateway", gatewayId)
                .map(SessionStore::toSession)
                .all();
    }

    /** The gateways that hold at least one session. */
    public Flux<String> gatewayIds() {
        return db.sql("SELECT DISTINCT gateway_id FROM user_session WHERE gateway_id IS NOT NULL")
                .map(row -> row.get("gateway_id", String.class))
                .all();
    }

    /** Replaces the user's session (delete then insert: the same statements on H2 and MySQL). */
    public Mono<Void> replace(Session session) {
        return db.sql("DELETE FROM user_session WHERE user_id = :id").bind("id", session.userId()).then()
                .then(db.sql("INSERT INTO user_session (user_id, sid, gateway_id, connection_id, created_at) "
                                + "VALUES (:id, :sid, :gateway, :connection, :created)")
                        .bind("id", session.userId())
                        .bind("sid", session.sid())
                        .bind("gateway", session.gatewayId())
                        .bind("connection", session.connectionId())
                        .bind("created", session.createdAt())
                        .then());
    }

    /** Removes the session only if it still belongs to that connection; true if it did. */
    public Mono<Boolean> removeIfConnection(long userId, String connectionId) {
        return db.sql("DELETE FROM user_session WHERE user_id = :id AND connection_id = :connection")
                .bind("id", userId)
                .bind("connection", connectionId)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    public Mono<Long> removeAll() {
        return db.sql("DELETE FROM user_session").fetch().rowsUpdated();
    }

    private static Session toSession(Readable row) {
        return new Session(row.get("user_id", Long.class), row.get("sid", String.class),
                row.get("gateway_id", String.class), row.get("connection_id", String.class),
                row.get("created_at", Long.class));
    }
}
