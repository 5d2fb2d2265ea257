package io.xuanxuan.chat.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.model.objects.Message;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code chat_message} table. A message gid is unique: the idempotency key of sending. */
public class MessageStore {

    private static final String COLUMNS = "id, gid, cgid, user_id, sent_date, type, content_type, content";

    private final DatabaseClient db;

    public MessageStore(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Message> findByGids(Collection<String> gids) {
        if (gids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE gid IN (:gids)")
                .bind("gids", List.copyOf(gids))
                .map(MessageStore::toMessage)
                .all();
    }

    public Mono<Message> findByGid(String gid) {
        return db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE gid = :gid")
                .bind("gid", gid)
                .map(MessageStore::toMessage)
                .one();
    }

    /** Stores a new message (its id is ignored) and answers it with the id it got. */
    public Mono<Message> insert(Message message) {
        return db.sql("INSERT INTO chat_message (gid, cgid, user_id, sent_date, type, content_type, content) "
                        + "VALUES (:gid, :cgid, :user, :date, :type, :contentType, :content)")
                .bind("gid", message.gid())
                .bind("cgid", message.cgid())
                .bind("user", message.user())
                .bind("date", message.date())
                .bind("type", message.type())
                .bind("contentType", message.contentType())
                .bind("content", message.content())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new Message(id, message.gid(), message.cgid(), message.user(), message.date(),
                        message.type(), message.contentType(), message.content()));
    }

    /** Stores the message unless its gid exists; answers the stored one either way. */
    public Mono<Message> insertIfAbsent(Message message) {
        return findByGid(message.gid())
                .switchIfEmpty(Mono.defer(() -> insert(message)
                        .onErrorResume(DuplicateKeys::isDuplicateKey, e -> findByGid(message.gid()))));
    }

    public Mono<Void> updateContent(long id, String content) {
        return db.sql("UPDATE chat_message SET content = :content WHERE id = :id")
                .bind("content", content)
                .bind("id", id)
                .then();
    }

    /** One page of a chat's messages, newest first. */
    public Flux<Message> page(String cgid, int recPerPage, int pageId) {
        long offset = (long) (pageId - 1) * recPerPage;
        // the numbers are the server's own ints, so inlining them is safe and portable
        return db.sql("SELECT " + COLUMNS + " FROM chat_message WHERE cgid = :cgid ORDER BY id DESC LIMIT "
                        + recPerPage + " OFFSET " + offset)
                .bind("cgid", cgid)
                .map(MessageStore::toMessage)
                .all();
    }

    public Mono<Long> count(String cgid) {
        return db.sql("SELECT COUNT(*) AS n FROM chat_message WHERE cgid = :cgid")
                .bind("cgid", cgid)
                .map(row -> ((Number) row.get("n")).longValue())
                .one();
    }

    private static Message toMessage(Readable row) {
        return new Message(row.get("id", Long.class), row.get("gid", String.class), row.get("cgid", String.class),
                row.get("user_id", Long.class), row.get("sent_date", Long.class), row.get("type", String.class),
                row.get("content_type", String.class), row.get("content", String.class));
    }
}
