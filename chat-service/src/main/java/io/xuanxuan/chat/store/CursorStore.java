package io.xuanxuan.chat.store;

import io.xuanxuan.model.bus.CursorBatch.Advance;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code chat_cursor} table (per member and chat, the highest seq read) and the login sync's read
 * of what lies above the cursors.
 *
 * <p>Cursors only move forward: every write is one statement that keeps the greater seq, {@code INSERT ...
 * ON DUPLICATE KEY UPDATE seq = GREATEST(seq, VALUES(seq))} on MySQL/MariaDB and {@code MERGE ... WHEN
 * MATCHED AND v.seq > c.seq} on H2 (see {@link #isH2}; checked by the store tests on both engines), so a
 * batch applied twice, late or out of order leaves the maximum.
 */
public class CursorStore {

    /**
     * Rows of one upsert statement: a gateway's whole batch (5,000 advances by default) is one statement,
     * a larger one a few; 3 placeholders a row stay below MySQL's 65,535 per statement.
     */
    static final int MAX_ROWS_PER_STATEMENT = 5000;

    /** One message of a user's login sync. */
    public record SyncRow(StoredMessage stored) {
        public String cgid() {
            return stored.message().cgid();
        }

        public long seq() {
            return stored.seq();
        }
    }

    private final DatabaseClient db;
    /** Cursors are written with MERGE on H2, with INSERT ... ON DUPLICATE KEY UPDATE on MySQL/MariaDB. */
    private final boolean h2;

    public CursorStore(DatabaseClient db) {
        this.db = db;
        this.h2 = isH2(db);
    }

    /**
     * The embedded database is slow at MySQL's upsert over existing rows (not profiled further): 150 to 850 ms
     * for 1,000 existing cursors, against 13 to 48 ms for the standard MERGE (measured on H2 2.4 in a test
     * on this machine). Under a 1,000-member group the cursor batches queued behind it for 40 s, and every
     * member who reconnected got thousands of messages again. MySQL/MariaDB have no MERGE; their upsert was
     * not measured under that load.
     */
    static boolean isH2(DatabaseClient db) {
        String name = db.getConnectionFactory().getMetadata().getName();
        return name != null && name.toLowerCase(java.util.Locale.ROOT).contains("h2");
    }

    /**
     * Moves cursors forward ({@code max(cursor, seq)}): one statement per {@value #MAX_ROWS_PER_STATEMENT}
     * advances. Advances of one (user, chat) are merged first (the highest), and rows are written sorted
     * by (user, chat), so two concurrent batches lock rows in the same order and cannot deadlock.
     */
    public Mono<Void> advance(Collection<Advance> advances) {
        List<Advance> rows = highestPerCursor(advances);
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<List<Advance>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += MAX_ROWS_PER_STATEMENT) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + MAX_ROWS_PER_STATEMENT)));
        }
        return Flux.fromIterable(chunks).concatMap(this::upsert).then();
    }

    /** Sets these users' cursors of a chat to at least {@code seq} (members who join: the chat's end). */
    public Mono<Void> startAt(String cgid, Collection<Long> users, long seq) {
        return advance(users.stream().map(user -> new Advance(user, cgid, seq)).toList());
    }

    /**
     * Gives every member of the chat without a cursor one at {@code seq}: the users the system chat takes
     * in at start-up. A plain insert of the missing rows: it never moves an existing cursor.
     */
    public Mono<Long> startMissing(long chatId, String cgid, long seq) {
        return db.sql("INSERT INTO chat_cursor (user_id, cgid, seq) SELECT m.user_id, :cgid, :seq FROM chat_member m "
                        + "WHERE m.chat_id = :chat AND NOT EXISTS (SELECT 1 FROM chat_cursor c "
                        + "WHERE c.user_id = m.user_id AND c.cgid = :cgid2)")
                .bind("cgid", cgid).bind("seq", seq).bind("chat", chatId).bind("cgid2", cgid)
                .fetch().rowsUpdated()
                // a cursor written meanwhile by a batch is as good as this one
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> Mono.just(0L));
    }

    /** A user's cursor of a chat; 0 without a row. */
    public Mono<Long> cursor(long userId, String cgid) {
        return db.sql("SELECT seq FROM chat_cursor WHERE user_id = :user AND cgid = :cgid")
                .bind("user", userId).bind("cgid", cgid)
                .map(row -> row.get("seq", Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    /**
     * One page of a user's login sync, in one statement whatever the number of chats: the messages of
     * the chats the user is a member of, above the user's cursor of each (no cursor: all), not sent by
     * the user (the sender had the response), sent at {@code since} (Unix seconds) or later, after the
     * keyset ({@code afterCgid}, {@code afterSeq}), ordered by chat and seq.
     *
     * @param afterCgid "" for the first page
     */
    public Flux<SyncRow> syncPage(long userId, long since, String afterCgid, long afterSeq, int limit) {
        // the server's own int, inlined: LIMIT takes no parameter on every driver
        return db.sql("SELECT msg.id, msg.gid, msg.cgid, msg.user_id, msg.sent_date, msg.type, msg.content_type, "
                        + "msg.content, msg.seq, msg.client_order FROM chat_member m "
                        + "JOIN chat c ON c.id = m.chat_id "
                        + "LEFT JOIN chat_cursor cur ON cur.user_id = m.user_id AND cur.cgid = c.gid "
                        + "JOIN chat_message msg ON msg.cgid = c.gid AND msg.seq > COALESCE(cur.seq, 0) "
                        + "WHERE m.user_id = :user AND msg.user_id <> :sender AND msg.sent_date >= :since "
                        + "AND (msg.cgid > :afterCgid OR (msg.cgid = :afterCgid2 AND msg.seq > :afterSeq)) "
                        + "ORDER BY msg.cgid, msg.seq LIMIT " + limit)
                .bind("user", userId).bind("sender", userId).bind("since", since)
                .bind("afterCgid", afterCgid).bind("afterCgid2", afterCgid).bind("afterSeq", afterSeq)
                .map(row -> new SyncRow(new StoredMessage(MessageStore.toMessage(row), row.get("seq", Long.class))))
                .all();
    }

    private Mono<Void> upsert(List<Advance> rows) {
        StringBuilder sql = new StringBuilder(h2
                ? "MERGE INTO chat_cursor c USING (VALUES "
                : "INSERT INTO chat_cursor (user_id, cgid, seq) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ");
            if (h2) {
                // typed, so H2 knows the columns of the VALUES table before it sees a row
                sql.append("(CAST(:u").append(i).append(" AS BIGINT), CAST(:c").append(i)
                        .append(" AS VARCHAR(64)), CAST(:s").append(i).append(" AS BIGINT))");
            } else {
                sql.append("(:u").append(i).append(", :c").append(i).append(", :s").append(i).append(')');
            }
        }
        sql.append(h2
                ? ") v (user_id, cgid, seq) ON c.user_id = v.user_id AND c.cgid = v.cgid "
                        + "WHEN MATCHED AND v.seq > c.seq THEN UPDATE SET seq = v.seq "
                        + "WHEN NOT MATCHED THEN INSERT (user_id, cgid, seq) VALUES (v.user_id, v.cgid, v.seq)"
                : " ON DUPLICATE KEY UPDATE seq = GREATEST(seq, VALUES(seq))");
        DatabaseClient.GenericExecuteSpec statement = db.sql(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            Advance row = rows.get(i);
            statement = statement.bind("u" + i, row.userId()).bind("c" + i, row.cgid()).bind("s" + i, row.seq());
        }
        return statement.then();
    }

    /** The highest advance per (user, chat), sorted by user and chat. */
    static List<Advance> highestPerCursor(Collection<Advance> advances) {
        Map<String, Advance> highest = new HashMap<>();
        for (Advance advance : advances) {
            highest.merge(advance.userId() + "\u0000" + advance.cgid(), advance,
                    (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        return highest.values().stream()
                .sorted(Comparator.comparingLong(Advance::userId).thenComparing(Advance::cgid))
                .toList();
    }
}
