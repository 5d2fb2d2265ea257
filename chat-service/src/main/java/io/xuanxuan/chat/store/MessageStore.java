package io.xuanxuan.chat.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code chat_message} table. A message gid is unique: the idempotency key of sending. Each message
 * has its chat's {@code seq} (unique per chat), given by the caller ({@code SeqAllocator}).
 */
public class MessageStore {

    private static final String COLUMNS = "id, gid, cgid, user_id, sent_date, type, content_type, content, seq, "
            + "client_order";

    private final DatabaseClient db;

    public MessageStore(DatabaseClient db) {
        this.db = db;
    }

    public Flux<StoredMessage> findByGids(Collection<String> gids) {
        if (gids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE gid IN (:gids)")
                .bind("gids", List.copyOf(gids))
                .map(MessageStore::toStored)
                .all();
    }

    public Mono<StoredMessage> findByGid(String gid) {
        return db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE gid = :gid")
                .bind("gid", gid)
                .map(MessageStore::toStored)
                .one();
    }

    /**
     * Stores a new message (its id is ignored) as the chat's {@code seq} and answers it with the id it got.
     * A taken gid is a duplicate-key error; a taken seq is a {@link SeqConflictException} (told apart by
     * looking the gid up, only on that error, so the common insert stays one statement).
     */
    public Mono<StoredMessage> insert(Message message, long seq) {
        return db.sql("INSERT INTO chat_message (gid, cgid, user_id, sent_date, type, content_type, content, seq, "
                        + "client_order) VALUES (:gid, :cgid, :user, :date, :type, :contentType, :content, :seq, :order)")
                .bind("gid", message.gid())
                .bind("cgid", message.cgid())
                .bind("user", message.user())
                .bind("date", message.date())
                .bind("type", message.type())
                .bind("contentType", message.contentType())
                .bind("content", message.content())
                .bind("seq", seq)
                .bind("order", message.order())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> withId(message, id, seq))
                .onErrorResume(DuplicateKeys::isDuplicateKey, duplicate -> findByGid(message.gid())
                        .flatMap(sameGid -> Mono.<StoredMessage>error(duplicate))
                        .switchIfEmpty(Mono.error(() -> new SeqConflictException("chat " + message.cgid(), seq))));
    }

    /** A message to store with its chat's {@code seq}: one row of {@link #insertAll}. */
    public record NewRow(Message message, long seq) {
    }

    /**
     * Stores several new messages (of any chats) in one multi-row INSERT and answers them, with their ids, in
     * the order given. The statement is atomic: on any error (a taken gid or seq) nothing was stored, and the
     * caller stores the rows one by one to find out which ({@link #insert} tells the two keys apart).
     *
     * <p>The ids come back in insertion order (MariaDB's {@code RETURNING}, H2's generated keys); where a
     * driver gives fewer (MySQL reports only the first id of a multi-row insert), they are read by gid.
     */
    public Mono<List<StoredMessage>> insertAll(List<NewRow> rows) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO chat_message (gid, cgid, user_id, sent_date, type, content_type, content, seq, "
                        + "client_order) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:gid").append(i).append(", :cgid").append(i)
                    .append(", :user").append(i).append(", :date").append(i).append(", :type").append(i)
                    .append(", :contentType").append(i).append(", :content").append(i).append(", :seq").append(i)
                    .append(", :order").append(i).append(')');
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            Message message = rows.get(i).message();
            spec = spec.bind("gid" + i, message.gid())
                    .bind("cgid" + i, message.cgid())
                    .bind("user" + i, message.user())
                    .bind("date" + i, message.date())
                    .bind("type" + i, message.type())
                    .bind("contentType" + i, message.contentType())
                    .bind("content" + i, message.content())
                    .bind("seq" + i, rows.get(i).seq())
                    .bind("order" + i, message.order());
        }
        return spec.filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .flatMap(ids -> ids.size() == rows.size()
                        ? Mono.just(withIds(rows, ids))
                        : findByGids(rows.stream().map(row -> row.message().gid()).toList())
                                .collectMap(stored -> stored.message().gid(), stored -> stored.message().id())
                                .map(byGid -> withIds(rows, rows.stream()
                                        .map(row -> byGid.get(row.message().gid())).toList())));
    }

    private static List<StoredMessage> withIds(List<NewRow> rows, List<Long> ids) {
        List<StoredMessage> stored = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            stored.add(withId(rows.get(i).message(), ids.get(i), rows.get(i).seq()));
        }
        return stored;
    }

    private static StoredMessage withId(Message m, long id, long seq) {
        return new StoredMessage(new Message(id, m.gid(), m.cgid(), m.user(), m.date(), m.type(), m.contentType(),
                m.content(), m.order()), seq);
    }

    /**
     * Stores the message as {@code seq} unless its gid exists; answers the stored one either way (a known
     * gid keeps its own seq).
     */
    public Mono<StoredMessage> insertIfAbsent(Message message, long seq) {
        return findByGid(message.gid())
                .switchIfEmpty(Mono.defer(() -> insert(message, seq)
                        .onErrorResume(DuplicateKeys::isDuplicateKey, e -> findByGid(message.gid()))));
    }

    /**
     * Replaces a message's content and moves it to {@code seq}, the chat's next: the new content is
     * delivered like a new message (to a connection that had the old one, and at the next login to one
     * that was away), where keeping the old seq would let every member's cursor skip it.
     */
    public Mono<Void> updateContent(long id, String content, long seq) {
        return db.sql("UPDATE chat_message SET content = :content, seq = :seq WHERE id = :id")
                .bind("content", content)
                .bind("seq", seq)
                .bind("id", id)
                .then()
                // the row's id is its own: the one key this update can hit is (cgid, seq)
                .onErrorMap(DuplicateKeys::isDuplicateKey, e -> new SeqConflictException("message " + id, seq));
    }

    /** The chat's highest seq, 0 without messages (one index lookup on (cgid, seq)). */
    public Mono<Long> maxSeq(String cgid) {
        return db.sql("SELECT MAX(seq) AS seq FROM chat_message WHERE cgid = :cgid")
                .bind("cgid", cgid)
                .map(row -> {
                    Number seq = (Number) row.get("seq");
                    return seq == null ? 0L : seq.longValue();
                })
                .one()
                .defaultIfEmpty(0L);
    }

    /**
     * One page of a chat's messages sent at {@code since} (Unix seconds) or later, newest first (by seq: the
     * order the members got them); {@code since} 0 or less: all of them.
     */
    public Flux<Message> page(String cgid, long since, int recPerPage, int pageId) {
        long offset = (long) (pageId - 1) * recPerPage;
        // the numbers are the server's own ints, so inlining them is safe and portable
        return since(db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE cgid = :cgid" + sinceClause(since)
                        + " ORDER BY seq DESC LIMIT " + recPerPage + " OFFSET " + offset)
                        .bind("cgid", cgid), since)
                .map(MessageStore::toMessage)
                .all();
    }

    /** How many messages the chat has that were sent at {@code since} or later (0 or less: all). */
    public Mono<Long> count(String cgid, long since) {
        return since(db.sql("SELECT COUNT(*) AS n FROM chat_message WHERE cgid = :cgid" + sinceClause(since))
                        .bind("cgid", cgid), since)
                .map(row -> ((Number) row.get("n")).longValue())
                .one();
    }

    /**
     * The date condition, only where there is a date: without one the statements stay as they were, so the
     * (cgid, seq) index serves them as before.
     */
    private static String sinceClause(long since) {
        return since > 0 ? " AND sent_date >= :since" : "";
    }

    private static DatabaseClient.GenericExecuteSpec since(DatabaseClient.GenericExecuteSpec spec, long since) {
        return since > 0 ? spec.bind("since", since) : spec;
    }

    private static StoredMessage toStored(Readable row) {
        return new StoredMessage(toMessage(row), row.get("seq", Long.class));
    }

    static Message toMessage(Readable row) {
        return new Message(row.get("id", Long.class), row.get("gid", String.class), row.get("cgid", String.class),
                row.get("user_id", Long.class), row.get("sent_date", Long.class), row.get("type", String.class),
                row.get("content_type", String.class), row.get("content", String.class),
                row.get("client_order", Long.class));
    }
}
