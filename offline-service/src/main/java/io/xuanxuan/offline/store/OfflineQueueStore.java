package io.xuanxuan.offline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.r2dbc.spi.Readable;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.offline.domain.QueuedPush;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code im_usermessage} table. All writes for one user come from one consumer, in order (the
 * offline commands are keyed by user id), so update-then-insert needs no lock.
 */
public class OfflineQueueStore {

    private final DatabaseClient db;

    public OfflineQueueStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Queues a push, or replaces the data of the one queued under the same key; returns its id. A new
     * key is the common case (one statement); a key queued again hits the unique key and is updated.
     */
    public Mono<Long> put(long userId, int level, String module, String method, JsonNode data, String dedupKey,
                          long now) {
        String json = ProtocolJson.write(data);
        return db.sql("INSERT INTO im_usermessage (level, user_id, module, method, data, dedup_key, created_at) "
                        + "VALUES (:level, :user, :module, :method, :data, :key, :now)")
                .bind("level", level).bind("user", userId).bind("module", module)
                .bind("method", method).bind("data", json).bind("key", dedupKey).bind("now", now)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> replace(userId, dedupKey, json));
    }

    private Mono<Long> replace(long userId, String dedupKey, String json) {
        return db.sql("UPDATE im_usermessage SET data = :data WHERE user_id = :user AND dedup_key = :key")
                .bind("data", json).bind("user", userId).bind("key", dedupKey)
                .then()
                .then(idOf(userId, dedupKey));
    }

    private Mono<Long> idOf(long userId, String dedupKey) {
        return db.sql("SELECT id FROM im_usermessage WHERE user_id = :user AND dedup_key = :key")
                .bind("user", userId).bind("key", dedupKey)
                .map(row -> row.get("id", Long.class)).one();
    }

    /** The user's queue in delivery order: by level, then by id. */
    public Flux<QueuedPush> queueOf(long userId) {
        return db.sql("SELECT id, level, user_id, module, method, data FROM im_usermessage WHERE user_id = :user "
                        + "ORDER BY level, id")
                .bind("user", userId)
                .map(OfflineQueueStore::toPush)
                .all();
    }

    public Mono<Long> remove(long userId, List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("DELETE FROM im_usermessage WHERE user_id = :user AND id IN (:ids)")
                .bind("user", userId).bind("ids", ids)
                .fetch().rowsUpdated();
    }

    public Mono<Long> depth() {
        return db.sql("SELECT COUNT(*) AS n FROM im_usermessage").map(row -> row.get("n", Long.class)).one();
    }

    private static QueuedPush toPush(Readable row) {
        try {
            return new QueuedPush(row.get("id", Long.class), row.get("level", Integer.class),
                    row.get("user_id", Long.class), row.get("module", String.class), row.get("method", String.class),
                    ProtocolJson.mapper().readTree(row.get("data", String.class)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queued push is not JSON", e);
        }
    }
}
