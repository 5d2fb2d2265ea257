package io.xuanxuan.chat.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.model.objects.Chat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code chat} and {@code chat_member} tables. */
public class ChatStore {

    private final DatabaseClient db;

    public ChatStore(DatabaseClient db) {
        this.db = db;
    }

    /** The chats a user is a member of, each with the full member list and the user's star/hide/mute. */
    public Mono<List<Chat>> chatsOf(long userId) {
        Flux<ChatRow> rows = db.sql("SELECT c.id, c.gid, c.name, c.type, c.admins, c.committers, c.subject, "
                        + "c.is_public, c.created_by, c.created_date, c.edited_by, c.edited_date, c.last_active_time, "
                        + "m.star, m.hide, m.mute FROM chat c JOIN chat_member m ON m.chat_id = c.id "
                        + "WHERE m.user_id = :user ORDER BY c.id")
                .bind("user", userId)
                .map(ChatStore::toRow)
                .all();
        return rows.collectList().flatMap(chats -> chats.isEmpty()
                ? Mono.just(List.of())
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

    static List<Long> ids(String commaJoined) {
        if (commaJoined == null || commaJoined.isBlank()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        Arrays.stream(commaJoined.split(",")).map(String::trim).filter(s -> s.matches("\\d+"))
                .forEach(s -> ids.add(Long.parseLong(s)));
        return ids;
    }

    private static ChatRow toRow(Readable row) {
        return new ChatRow(row.get("id", Long.class), row.get("gid", String.class), row.get("name", String.class),
                row.get("type", String.class), row.get("admins", String.class), row.get("committers", String.class),
                row.get("subject", Long.class), Boolean.TRUE.equals(row.get("is_public", Boolean.class)),
                row.get("created_by", String.class), row.get("created_date", Long.class),
                row.get("edited_by", String.class), row.get("edited_date", Long.class),
                row.get("last_active_time", Long.class), Boolean.TRUE.equals(row.get("star", Boolean.class)),
                Boolean.TRUE.equals(row.get("hide", Boolean.class)), Boolean.TRUE.equals(row.get("mute", Boolean.class)));
    }

    private record ChatRow(long id, String gid, String name, String type, String admins, String committers,
                           long subject, boolean isPublic, String createdBy, long createdDate, String editedBy,
                           long editedDate, long lastActiveTime, boolean star, boolean hide, boolean mute) {
        Chat toChat(List<Long> members) {
            return new Chat(id, gid, name, type, ids(admins), committers, subject, isPublic, createdBy, createdDate,
                    editedBy, editedDate, lastActiveTime, members, star, hide, mute);
        }
    }
}
