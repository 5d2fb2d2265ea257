package io.xuanxuan.chat.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.service.store.DuplicateKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code chat} and {@code chat_member} tables. */
public class ChatStore {

    private static final String COLUMNS = "c.id, c.gid, c.name, c.type, c.admins, c.committers, c.subject, "
            + "c.is_public, c.created_by, c.created_date, c.edited_by, c.edited_date, c.last_active_time, c.dismiss_date";

    /** A member's own flags on a chat. */
    public enum Flag {
        STAR, HIDE, MUTE;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@link #insert} stores; {@code admins} and {@code committers} as the protocol has them. */
    public record NewChat(String gid, String name, String type, List<Long> admins, String committers, long subject,
                          boolean isPublic, String createdBy, long createdDate) {
    }

    private final DatabaseClient db;

    public ChatStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The chats a user is a member of, each with the full member list and the user's star/hide/mute and
     * category.
     */
    public Mono<List<Chat>> chatsOf(long userId) {
        Flux<ChatRow> rows = db.sql("SELECT " + COLUMNS + ", m.star, m.hide, m.mute, m.category FROM chat c "
                        + "JOIN chat_member m ON m.chat_id = c.id WHERE m.user_id = :user ORDER BY c.id")
                .bind("user", userId)
                .map(row -> toRow(row, true))
                .all();
        return withMembers(rows);
    }

    /** Public group chats, for anyone to join (a dismissed one takes no new members: not listed). */
    public Mono<List<Chat>> publicChats() {
        return withMembers(db.sql("SELECT " + COLUMNS + " FROM chat c WHERE c.is_public = TRUE AND c.type = 'group' "
                        + "AND c.dismiss_date = 0 ORDER BY c.id")
                .map(row -> toRow(row, false))
                .all());
    }

    /**
     * One chat with its members (no per-member flags), or empty. A one-to-one gid finds the chat under
     * either order ({@link OneToOneGid#names}); the chat answers with the gid it was created under.
     */
    public Mono<Chat> findByGid(String gid) {
        return withMembers(db.sql("SELECT " + COLUMNS + " FROM chat c WHERE c.gid IN (:gids) ORDER BY c.id")
                        .bind("gids", OneToOneGid.names(gid))
                        .map(row -> toRow(row, false))
                        .all())
                .flatMap(list -> list.isEmpty() ? Mono.empty() : Mono.just(list.get(0)));
    }

    /**
     * The chat as stored now, for the answer to a change of it: read after the change (and its transaction)
     * is done. Here the same as {@link #findByGid}; a caching store reads past its cache.
     */
    public Mono<Chat> reload(String gid) {
        return findByGid(gid);
    }

    private Mono<List<Chat>> withMembers(Flux<ChatRow> rows) {
        return rows.collectList().flatMap(chats -> chats.isEmpty()
                ? Mono.just(List.<Chat>of())
                : membersOf(chats.stream().map(ChatRow::id).toList())
                        .map(members -> chats.stream().map(c -> c.toChat(members.getOrDefault(c.id(), List.of())))
                                .toList()));
    }

    private Mono<Map<Long, List<Long>>> membersOf(List<Long> chatIds) {
        return db.sql("SELECT chat_id, user_id FROM chat_member WHERE chat_id IN (:ids) ORDER BY chat_id, user_id")
                .bind("ids", chatIds)
                .map(row -> new long[] {row.get("chat_id", Long.class), row.get("user_id", Long.class)})
                .all()
                .collect(Collectors.groupingBy(pair -> pair[0],
                        Collectors.mapping(pair -> pair[1], Collectors.toList())));
    }

    /** Stores a new chat (no members yet); answers its id. A taken gid is a duplicate-key error. */
    public Mono<Long> insert(NewChat chat) {
        return db.sql("INSERT INTO chat (gid, name, type, admins, committers, subject, is_public, created_by, "
                        + "created_date, edited_by, edited_date, last_active_time) VALUES (:gid, :name, :type, :admins, "
                        + ":committers, :subject, :public, :createdBy, :createdDate, '', 0, :createdDate2)")
                .bind("gid", chat.gid())
                .bind("name", chat.name())
                .bind("type", chat.type())
                .bind("admins", joinIds(chat.admins()))
                .bind("committers", chat.committers())
                .bind("subject", chat.subject())
                .bind("public", chat.isPublic())
                .bind("createdBy", chat.createdBy())
                .bind("createdDate", chat.createdDate())
                .bind("createdDate2", chat.createdDate())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one();
    }

    public Mono<Void> addMember(long chatId, long userId, long now) {
        return db.sql("INSERT INTO chat_member (chat_id, user_id, joined_date) VALUES (:chat, :user, :now)")
                .bind("chat", chatId).bind("user", userId).bind("now", now)
                .then();
    }

    /** Adds a member unless already one; safe against a concurrent add of the same member. */
    public Mono<Boolean> addMemberIfAbsent(long chatId, long userId, long now) {
        return isMember(chatId, userId).flatMap(member -> member ? Mono.just(false)
                : addMember(chatId, userId, now).thenReturn(true)
                        .onErrorResume(DuplicateKeys::isDuplicateKey, e -> Mono.just(false)));
    }

    /** Makes every user of {@code chat_user} a member (the system chat); answers how many were added. */
    public Mono<Long> addAllUsers(long chatId, long now) {
        return db.sql("INSERT INTO chat_member (chat_id, user_id, joined_date) SELECT :chat, u.id, :now FROM chat_user u "
                        + "WHERE NOT EXISTS (SELECT 1 FROM chat_member m WHERE m.chat_id = :chat2 AND m.user_id = u.id)")
                .bind("chat", chatId).bind("now", now).bind("chat2", chatId)
                .fetch().rowsUpdated();
    }

    public Mono<Boolean> isMember(long chatId, long userId) {
        return db.sql("SELECT COUNT(*) AS n FROM chat_member WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId).bind("user", userId)
                .map(row -> ((Number) row.get("n")).longValue() > 0)
                .one();
    }

    public Mono<Void> removeMember(long chatId, long userId) {
        return db.sql("DELETE FROM chat_member WHERE chat_id = :chat AND user_id = :user")
                .bind("chat", chatId).bind("user", userId)
                .then();
    }

    public Mono<Void> updateName(long chatId, String name, String editedBy, long now) {
        return edit(chatId, "name", name, editedBy, now);
    }

    public Mono<Void> updatePublic(long chatId, boolean isPublic, String editedBy, long now) {
        return edit(chatId, "is_public", isPublic, editedBy, now);
    }

    public Mono<Void> updateAdmins(long chatId, List<Long> admins, String editedBy, long now) {
        return edit(chatId, "admins", joinIds(admins), editedBy, now);
    }

    public Mono<Void> updateCommitters(long chatId, String committers, String editedBy, long now) {
        return edit(chatId, "committers", committers, editedBy, now);
    }

    private Mono<Void> edit(long chatId, String column, Object value, String editedBy, long now) {
        return db.sql("UPDATE chat SET " + column + " = :value, edited_by = :editedBy, edited_date = :now WHERE id = :id")
                .bind("value", value).bind("editedBy", editedBy).bind("now", now).bind("id", chatId)
                .then();
    }

    /**
     * Dismisses the chat at {@code now} unless it was dismissed already (the first dismissal's date stays);
     * answers whether this call dismissed it.
     */
    public Mono<Boolean> dismiss(long chatId, String editedBy, long now) {
        return db.sql("UPDATE chat SET dismiss_date = :now, edited_by = :editedBy, edited_date = :now2 "
                        + "WHERE id = :id AND dismiss_date = 0")
                .bind("now", now).bind("editedBy", editedBy).bind("now2", now).bind("id", chatId)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** A chat named in a request, by its id and the gid it was created under. */
    public record ChatKey(long id, String gid) {
    }

    /**
     * Those of the chats named by {@code gids} (a one-to-one gid in either order) that {@code userId} is a
     * member of, in one statement.
     */
    public Flux<ChatKey> memberChats(long userId, Collection<String> gids) {
        if (gids.isEmpty()) {
            return Flux.empty();
        }
        List<String> names = gids.stream().flatMap(gid -> OneToOneGid.names(gid).stream()).distinct().toList();
        return db.sql("SELECT c.id, c.gid FROM chat c JOIN chat_member m ON m.chat_id = c.id "
                        + "WHERE m.user_id = :user AND c.gid IN (:gids)")
                .bind("user", userId).bind("gids", names)
                .map(row -> new ChatKey(row.get("id", Long.class), row.get("gid", String.class)))
                .all();
    }

    /** Sets a member's own category of these chats ({@code ""}: none), in one statement. */
    public Mono<Long> setCategory(long userId, Collection<Long> chatIds, String category) {
        if (chatIds.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE chat_member SET category = :category WHERE user_id = :user AND chat_id IN (:chats)")
                .bind("category", category).bind("user", userId).bind("chats", List.copyOf(chatIds))
                .fetch().rowsUpdated();
    }

    /** Moves the chat's lastActiveTime forward (never back). */
    public Mono<Void> touch(long chatId, long lastActiveTime) {
        return db.sql("UPDATE chat SET last_active_time = :time WHERE id = :id AND last_active_time < :time2")
                .bind("time", lastActiveTime).bind("id", chatId).bind("time2", lastActiveTime)
                .then();
    }

    /** Sets one of a member's flags; answers whether the member row was there. */
    public Mono<Boolean> setFlag(long chatId, long userId, Flag flag, boolean value) {
        return db.sql("UPDATE chat_member SET " + flag.column() + " = :value WHERE chat_id = :chat AND user_id = :user")
                .bind("value", value).bind("chat", chatId).bind("user", userId)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    static String joinIds(List<Long> ids) {
        return ids == null ? "" : ids.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Long> ids(String commaJoined) {
        if (commaJoined == null || commaJoined.isBlank()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        Arrays.stream(commaJoined.split(",")).map(String::trim).filter(s -> s.matches("\\d{1,18}"))
                .forEach(s -> ids.add(Long.parseLong(s)));
        return ids;
    }

    private static ChatRow toRow(Readable row, boolean withFlags) {
        return new ChatRow(row.get("id", Long.class), row.get("gid", String.class), row.get("name", String.class),
                row.get("type", String.class), row.get("admins", String.class), row.get("committers", String.class),
                row.get("subject", Long.class), Boolean.TRUE.equals(row.get("is_public", Boolean.class)),
                row.get("created_by", String.class), row.get("created_date", Long.class),
                row.get("edited_by", String.class), row.get("edited_date", Long.class),
                row.get("last_active_time", Long.class),
                withFlags ? Boolean.TRUE.equals(row.get("star", Boolean.class)) : null,
                withFlags ? Boolean.TRUE.equals(row.get("hide", Boolean.class)) : null,
                withFlags ? Boolean.TRUE.equals(row.get("mute", Boolean.class)) : null,
                row.get("dismiss_date", Long.class),
                withFlags ? row.get("category", String.class) : null);
    }

    private record ChatRow(long id, String gid, String name, String type, String admins, String committers,
                           long subject, boolean isPublic, String createdBy, long createdDate, String editedBy,
                           long editedDate, long lastActiveTime, Boolean star, Boolean hide, Boolean mute,
                           long dismissDate, String category) {
        Chat toChat(List<Long> members) {
            return new Chat(id, gid, name, type, ids(admins), committers, subject, isPublic, createdBy, createdDate,
                    editedBy, editedDate, lastActiveTime, members, star, hide, mute, dismissDate, category);
        }
    }
}
