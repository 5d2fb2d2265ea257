package io.xuanxuan.file.store;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The {@code file_session} table: sid to user, for the sessions presence reported ONLINE and not yet
 * OFFLINE. Like presence, one live session per user: a new login replaces the user's older sids.
 * All writes for one user come from one consumer in order (presence events are keyed by user id).
 */
public class FileSessionStore {

    private final DatabaseClient db;

    public FileSessionStore(DatabaseClient db) {
        this.db = db;
    }

    /** The user of a live sid, or empty. */
    public Mono<Long> userOf(String sid) {
        if (sid == null || sid.isBlank() || sid.length() > 64) {
            return Mono.empty();
        }
        return db.sql("SELECT user_id FROM file_session WHERE sid = :sid")
                .bind("sid", sid)
                .map(row -> row.get("user_id", Long.class))
                .one();
    }

    /** The user's session is now this sid on this connection (older sids of the user are forgotten). */
    public Mono<Void> online(long userId, String sid, String connectionId, long at) {
        return db.sql("DELETE FROM file_session WHERE user_id = :user OR sid = :sid")
                .bind("user", userId).bind("sid", sid)
                .then()
                .then(db.sql("INSERT INTO file_session (sid, user_id, connection_id, created_at) "
                                + "VALUES (:sid, :user, :connection, :at)")
                        .bind("sid", sid).bind("user", userId).bind("connection", connectionId).bind("at", at)
                        .then());
    }

    /** The connection went offline: its sid is no longer accepted. */
    public Mono<Long> offline(long userId, String connectionId) {
        return db.sql("DELETE FROM file_session WHERE user_id = :user AND connection_id = :connection")
                .bind("user", userId).bind("connection", connectionId)
                .fetch().rowsUpdated();
    }

    /** The user has no live session at all (presence says the user is offline). */
    public Mono<Long> forgetUser(long userId) {
        return db.sql("DELETE FROM file_session WHERE user_id = :user")
                .bind("user", userId)
                .fetch().rowsUpdated();
    }
}
