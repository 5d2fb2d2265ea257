package io.xuanxuan.offline.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The {@code offline_live_connection} table: which connection of a user gets new pushes at once.
 *
 * <p>Every QUEUE command asks it, so it can keep a copy in memory ({@code remember}): exact when this
 * process is the only one handling the offline commands and every change of a user's row goes through
 * here, in that user's command order, as on the in-process bus. With Kafka a partition can move to another
 * instance and back, so the table is read every time.
 */
public class LiveConnectionStore {

    private final DatabaseClient db;
    private final Map<Long, Optional<String>> remembered;

    public LiveConnectionStore(DatabaseClient db, boolean remember) {
        this.db = db;
        this.remembered = remember ? new ConcurrentHashMap<>() : null;
    }

    public Mono<String> connectionOf(long userId) {
        if (remembered != null) {
            Optional<String> known = remembered.get(userId);
            if (known != null) {
                return Mono.justOrEmpty(known);
            }
        }
        return db.sql("SELECT connection_id FROM offline_live_connection WHERE user_id = :user")
                .bind("user", userId).map(row -> row.get("connection_id", String.class)).one()
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .doOnNext(found -> remember(userId, found))
                .flatMap(Mono::justOrEmpty);
    }

    public Mono<Void> set(long userId, String connectionId) {
        return db.sql("DELETE FROM offline_live_connection WHERE user_id = :user").bind("user", userId).then()
                .then(db.sql("INSERT INTO offline_live_connection (user_id, connection_id) VALUES (:user, :connection)")
                        .bind("user", userId).bind("connection", connectionId).then())
                .then(Mono.fromRunnable(() -> remember(userId, Optional.of(connectionId))));
    }

    /** Forgets the connection, unless the user has moved to a newer one already. */
    public Mono<Void> clear(long userId, String connectionId) {
        return db.sql("DELETE FROM offline_live_connection WHERE user_id = :user AND connection_id = :connection")
                .bind("user", userId).bind("connection", connectionId).then()
                .then(Mono.fromRunnable(() -> {
                    if (remembered != null) {
                        remembered.computeIfPresent(userId, (user, known) ->
                                known.filter(connectionId::equals).isPresent() ? Optional.empty() : known);
                    }
                }));
    }

    private void remember(long userId, Optional<String> connection) {
        if (remembered != null) {
            remembered.put(userId, connection);
        }
    }

    public Mono<Void> clearAll() {
        return db.sql("DELETE FROM offline_live_connection").then()
                .then(Mono.fromRunnable(() -> {
                    if (remembered != null) {
                        remembered.clear();
                    }
                }));
    }
}
