package io.xuanxuan.chat.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The {@code chat_user} table: chat's own view of the users, kept up to date from presence events. */
public class ChatUserStore {

    private final DatabaseClient db;

    public ChatUserStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Inserts or updates a user, portably: update, insert if no row was there, and if a concurrent
     * insert won the race (duplicate key), update once more.
     */
    public Mono<Void> upsert(ChatUser user, long at) {
        return update(user, at).flatMap(rows -> rows > 0 ? Mono.<Void>empty() : insert(user, at)
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> update(user, at).then()));
    }

    private Mono<Long> update(ChatUser user, long at) {
        return db.sql("UPDATE chat_user SET account = :account, realname = :realname, admin = :admin, "
                        + "role = :role, updated_at = :at WHERE id = :id")
                .bind("account", user.account())
                .bind("realname", user.realname())
                .bind("admin", user.admin())
                .bind("role", user.role())
                .bind("at", at)
                .bind("id", user.id())
                .fetch().rowsUpdated();
    }

    private Mono<Void> insert(ChatUser user, long at) {
        return db.sql("INSERT INTO chat_user (id, account, realname, admin, role, updated_at) "
                        + "VALUES (:id, :account, :realname, :admin, :role, :at)")
                .bind("id", user.id())
                .bind("account", user.account())
                .bind("realname", user.realname())
                .bind("admin", user.admin())
                .bind("role", user.role())
                .bind("at", at)
                .then();
    }

    public Mono<ChatUser> findById(long id) {
        return db.sql("SELECT id, account, realname, admin, role FROM chat_user WHERE id = :id")
                .bind("id", id)
                .map(ChatUserStore::toUser)
                .one();
    }

    /** Which of these ids are known users. */
    public Mono<List<Long>> existingIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT id FROM chat_user WHERE id IN (:ids)")
                .bind("ids", List.copyOf(ids))
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList();
    }

    private static ChatUser toUser(Readable row) {
        return new ChatUser(row.get("id", Long.class), row.get("account", String.class),
                row.get("realname", String.class), row.get("admin", String.class),
                row.get("role", String.class));
    }
}
