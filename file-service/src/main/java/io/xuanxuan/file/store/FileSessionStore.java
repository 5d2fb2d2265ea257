package io.xuanxuan.file.store;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code file_session} table: sid to user, for the sessions presence reported ONLINE. A session is live
 * until OFFLINE (or a newer login of its user: like presence, one live session per user); then it is ended
 * ({@code ended_at}) rather than deleted, because the 2.x clients' download links are signed with the sid of
 * the session they were made in and are kept across reconnects ({@link #recentSids}). Only live sessions
 * authenticate requests ({@link #userOf}). At most {@code keptEnded} ended sessions are kept per user; the
 * older ones are swept ({@link #sweepEnded}). All writes for one user come from one consumer in order
 * (presence events are keyed by user id).
 */
public class FileSessionStore {

    /** Ended sessions kept per user unless told otherwise. */
    public static final int DEFAULT_KEPT_ENDED = 10;

    private final DatabaseClient db;
    private final int keptEnded;

    public FileSessionStore(DatabaseClient db) {
        this(db, DEFAULT_KEPT_ENDED);
    }

    /** @param keptEnded ended sessions kept per user (the newest), at least 0 */
    public FileSessionStore(DatabaseClient db, int keptEnded) {
        if (keptEnded < 0) {
            throw new IllegalArgumentException("keptEnded must be 0 or more");
        }
        this.db = db;
        this.keptEnded = keptEnded;
    }

    /** The user of a live sid, or empty. */
    public Mono<Long> userOf(String sid) {
        if (sid == null || sid.isBlank() || sid.length() > 64) {
            return Mono.empty();
        }
        return db.sql("SELECT user_id FROM file_session WHERE sid = :sid AND ended_at IS NULL")
                .bind("sid", sid)
                .map(row -> row.get("user_id", Long.class))
                .one();
    }

    /** Whether the user has a live session. */
    public Mono<Boolean> isOnline(long userId) {
        return db.sql("SELECT COUNT(*) AS n FROM file_session WHERE user_id = :user AND ended_at IS NULL")
                .bind("user", userId)
                .map(row -> row.get("n", Long.class))
                .one()
                .map(count -> count > 0);
    }

    /** The sids of the user's live session and of the sessions that ended at or after {@code endedSince} (epoch ms). */
    public Flux<String> recentSids(long userId, long endedSince) {
        return db.sql("SELECT sid FROM file_session WHERE user_id = :user AND (ended_at IS NULL OR ended_at >= :since)")
                .bind("user", userId).bind("since", endedSince)
                .map(row -> row.get("sid", String.class))
                .all();
    }

    /**
     * The user's session is now this sid on this connection: the user's other live sessions end at {@code at}
     * (epoch ms), and ended sessions beyond the newest {@code keptEnded} are forgotten.
     */
    public Mono<Void> online(long userId, String sid, String connectionId, long at) {
        return db.sql("DELETE FROM file_session WHERE sid = :sid").bind("sid", sid).then()
                .then(end("user_id = :user", userId, null, at))
                .then(db.sql("INSERT INTO file_session (sid, user_id, connection_id, created_at) "
                                + "VALUES (:sid, :user, :connection, :at)")
                        .bind("sid", sid).bind("user", userId).bind("connection", connectionId).bind("at", at)
                        .then())
                .then(trimEnded(userId));
    }

    /** The connection went offline at {@code at} (epoch ms): its sid no longer authenticates. Answers the sessions ended. */
    public Mono<Long> offline(long userId, String connectionId, long at) {
        return end("user_id = :user AND connection_id = :connection", userId, connectionId, at)
                .flatMap(ended -> trimEnded(userId).thenReturn(ended));
    }

    /** The user has no live session at all (presence says the user is offline). Answers the sessions ended. */
    public Mono<Long> forgetUser(long userId, long at) {
        return end("user_id = :user", userId, null, at)
                .flatMap(ended -> trimEnded(userId).thenReturn(ended));
    }

    /** Forgets the sessions that ended before {@code endedBefore} (epoch ms); answers how many. */
    public Mono<Long> sweepEnded(long endedBefore) {
        return db.sql("DELETE FROM file_session WHERE ended_at IS NOT NULL AND ended_at < :before")
                .bind("before", endedBefore)
                .fetch().rowsUpdated();
    }

    private Mono<Long> end(String where, long userId, String connectionId, long at) {
        DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE file_session SET ended_at = :at WHERE " + where
                        + " AND ended_at IS NULL")
                .bind("at", at).bind("user", userId);
        if (connectionId != null) {
            update = update.bind("connection", connectionId);
        }
        return update.fetch().rowsUpdated();
    }

    /** Keeps the user's newest {@code keptEnded} ended sessions (the table stays small whatever a user does). */
    private Mono<Void> trimEnded(long userId) {
        return db.sql("SELECT sid FROM file_session WHERE user_id = :user AND ended_at IS NOT NULL "
                        + "ORDER BY ended_at DESC, created_at DESC")
                .bind("user", userId)
                .map(row -> row.get("sid", String.class))
                .all()
                .skip(keptEnded)
                .collectList()
                .flatMap(this::delete);
    }

    private Mono<Void> delete(List<String> sids) {
        return sids.isEmpty() ? Mono.empty()
                : db.sql("DELETE FROM file_session WHERE sid IN (:sids)").bind("sids", sids).then();
    }
}
