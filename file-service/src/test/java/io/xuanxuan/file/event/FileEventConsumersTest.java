package io.xuanxuan.file.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.file.domain.ChatMembership;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.service.store.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** Presence and chat events become the file service's sessions and members. */
class FileEventConsumersTest {

    final DatabaseClient db = TestDatabases.create(TestDatabases.Engine.H2, "file");
    final FileSessionStore sessions = new FileSessionStore(db);
    final ChatMemberStore members = new ChatMemberStore(db);
    final FileEventConsumers consumers = new FileEventConsumers(null, sessions, members);

    static User user(long id, String status) {
        return new User(id, "u" + id, "U" + id, "", "", 0, status, "no", "", "", "", "", "");
    }

    static Chat chat(String gid, Long... members) {
        return new Chat(1, gid, "n", "group", List.of(), "", 0, false, "u1", 0, "", 0, 0, List.of(members),
                null, null, null);
    }

    @Test
    void onlineAcceptsTheSidUntilThatConnectionGoesOffline() {
        consumers.onPresence(PresenceEvent.online(user(5, "online"), "gw", "c1", "sid-1")).block();
        assertThat(sessions.userOf("sid-1").block()).isEqualTo(5);
        // status and profile changes keep the session
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.STATUS_CHANGED, user(5, "away"), "gw", "c1")).block();
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.ANNOUNCED, user(5, "online"), null, null)).block();
        assertThat(sessions.userOf("sid-1").block()).isEqualTo(5);
        // an ONLINE without a sid (an older presence) changes nothing
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.ONLINE, user(5, "online"), "gw", "c9")).block();
        assertThat(sessions.userOf("sid-1").block()).isEqualTo(5);
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.OFFLINE, user(5, "offline"), "gw", "c1")).block();
        assertThat(sessions.userOf("sid-1").blockOptional()).isEmpty();
        // ended, not forgotten: the 2.x clients' download links signed with it still open for a while
        assertThat(sessions.recentSids(5, System.currentTimeMillis() - 60_000).collectList().block()).containsExactly("sid-1");
    }

    @Test
    void anAnnouncedOfflineUserHasNoSessionLeft() {
        consumers.onPresence(PresenceEvent.online(user(6, "online"), "gw", "c1", "sid-6")).block();
        // presence restarted and reset every session: it announces the user offline
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.ANNOUNCED, user(6, "offline"), null, null)).block();
        assertThat(sessions.userOf("sid-6").blockOptional()).isEmpty();
    }

    @Test
    void aNewLoginReplacesTheOlderSid() {
        consumers.onPresence(PresenceEvent.online(user(7, "online"), "gw", "c1", "old")).block();
        consumers.onPresence(PresenceEvent.online(user(7, "online"), "gw", "c2", "new")).block();
        assertThat(sessions.userOf("old").blockOptional()).isEmpty();
        assertThat(sessions.userOf("new").block()).isEqualTo(7);
        assertThat(sessions.recentSids(7, System.currentTimeMillis() - 60_000).collectList().block())
                .containsExactlyInAnyOrder("old", "new");
    }

    @Test
    void chatEventsReplaceTheMemberList() {
        consumers.onChat(ChatEvent.of(ChatEvent.Type.CREATED, chat("g", 1L, 2L))).block();
        assertThat(members.access("g", 2).block()).isEqualTo(ChatMembership.MEMBER);
        consumers.onChat(ChatEvent.of(ChatEvent.Type.MEMBERS_CHANGED, chat("g", 1L, 3L))).block();
        assertThat(members.access("g", 2).block()).isEqualTo(ChatMembership.NOT_MEMBER);
        assertThat(members.access("g", 3).block()).isEqualTo(ChatMembership.MEMBER);
        assertThat(members.access("other", 1).block()).isEqualTo(ChatMembership.UNKNOWN_CHAT);
    }
}
