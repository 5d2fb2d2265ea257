package io.xuanxuan.file.store;

import io.xuanxuan.file.domain.ChatMembership;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The file service's view of chats and their members ({@code file_chat}, {@code file_chat_member}), fed by
 * chat events only. Replacing a member list never removes a member who stays, so a check running at the
 * same time never sees a current member missing. One chat's events are applied in order by one consumer
 * (the chat topic is keyed by gid).
 */
public class ChatMemberStore {

    private static final int INSERT_BATCH = 200;

    private final DatabaseClient db;

    public ChatMemberStore(DatabaseClient db) {
        this.db = db;
    }

    /** Whether the chat is known, and whether the user is one of its members. */
    public Mono<ChatMembership> access(String gid, long userId) {
        if (gid == null || gid.isBlank() || gid.length() > 64) {
            return Mono.just(ChatMembership.UNKNOWN_CHAT);
        }
        // a one-to-one chat's gid in either order (OneToOneGid): the chat is known under the order it was created with
        return db.sql("SELECT (SELECT COUNT(*) FROM file_chat WHERE gid IN (:gids)) AS chats, "
                        + "(SELECT COUNT(*) FROM file_chat_member WHERE gid IN (:gids2) AND user_id = :user) AS member")
                .bind("gids", OneToOneGid.names(gid)).bind("gids2", OneToOneGid.names(gid)).bind("user", userId)
                .map(row -> {
                    long chats = row.get("chats", Long.class);
                    long member = row.get("member", Long.class);
                    return chats == 0 ? ChatMembership.UNKNOWN_CHAT : member > 0 ? ChatMembership.MEMBER : ChatMembership.NOT_MEMBER;
                })
                .one();
    }

    /** Replaces the chat's member list with {@code members}. */
    public Mono<Void> replaceMembers(String gid, List<Long> members, long at) {
        Set<Long> wanted = new LinkedHashSet<>(members);
        Mono<Void> chat = db.sql("UPDATE file_chat SET updated_at = :at WHERE gid = :gid")
                .bind("at", at).bind("gid", gid)
                .fetch().rowsUpdated()
                .flatMap(updated -> updated > 0 ? Mono.empty()
                        : db.sql("INSERT INTO file_chat (gid, updated_at) VALUES (:gid, :at)")
                                .bind("gid", gid).bind("at", at).then()
                                // MySQL counts an update that changes nothing as 0 rows: the row exists
                                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> Mono.empty()))
                .then();
        Mono<Void> removeLeavers = wanted.isEmpty()
                ? db.sql("DELETE FROM file_chat_member WHERE gid = :gid").bind("gid", gid).then()
                : db.sql("DELETE FROM file_chat_member WHERE gid = :gid AND user_id NOT IN (:members)")
                        .bind("gid", gid).bind("members", List.copyOf(wanted)).then();
        Mono<Void> addJoiners = membersOf(gid).collectList()
                .flatMap(present -> {
                    List<Long> missing = new ArrayList<>(wanted);
                    missing.removeAll(present);
                    return Flux.fromIterable(partition(missing)).concatMap(batch -> insert(gid, batch)).then();
                });
        return chat.then(removeLeavers).then(addJoiners);
    }

    public Flux<Long> membersOf(String gid) {
        return db.sql("SELECT user_id FROM file_chat_member WHERE gid = :gid ORDER BY user_id")
                .bind("gid", gid)
                .map(row -> row.get("user_id", Long.class))
                .all();
    }

    private Mono<Void> insert(String gid, List<Long> users) {
        StringBuilder sql = new StringBuilder("INSERT INTO file_chat_member (gid, user_id) VALUES ");
        for (int i = 0; i < users.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:gid, :u").append(i).append(')');
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind("gid", gid);
        for (int i = 0; i < users.size(); i++) {
            spec = spec.bind("u" + i, users.get(i));
        }
        return spec.then();
    }

    private static List<List<Long>> partition(List<Long> all) {
        List<List<Long>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += INSERT_BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + INSERT_BATCH)));
        }
        return batches;
    }
}
