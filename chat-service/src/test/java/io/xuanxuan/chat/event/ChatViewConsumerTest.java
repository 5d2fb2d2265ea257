package io.xuanxuan.chat.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xuanxuan.bus.inprocess.InProcessBus;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.chat.domain.SystemChat;
import io.xuanxuan.chat.store.CachedChatStore;
import io.xuanxuan.chat.store.CachedChatUserStore;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The cached chats and users of one instance follow what ANOTHER instance changed: the change is written to
 * the database behind this instance's stores, and the event the other instance publishes reaches this one's
 * view over the bus (published here directly, as the other instance would).
 */
class ChatViewConsumerTest {

    /** A bound for the event to arrive, not a measure: the test waits for the state, checked repeatedly. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private DatabaseClient db;
    private CachedChatStore chats;
    private CachedChatUserStore users;
    private InProcessBus bus;
    private ChatViewConsumer view;
    private long chatId;

    @BeforeEach
    void setUp() {
        db = TestDatabases.create(Engine.H2, "chat");
        db.sql("INSERT INTO chat_user (id, account, realname, admin, role) "
                + "SELECT x, CONCAT('u', x), '', 'no', 'staff' FROM SYSTEM_RANGE(1, 3)").then().block();
        chats = new CachedChatStore(db, 100);
        users = new CachedChatUserStore(db, 100);
        chatId = new ChatStore(db).insert(new ChatStore.NewChat("g", "G", "group", List.of(), "", 0, false, "u1", 1))
                .block();
        db.sql("INSERT INTO chat_member (chat_id, user_id) SELECT " + chatId + ", x FROM SYSTEM_RANGE(1, 2)")
                .then().block();
        bus = new InProcessBus();
        view = new ChatViewConsumer(bus, chats, users, "test");
        view.start();
    }

    @AfterEach
    void tearDown() {
        view.stop();
        bus.close();
    }

    @Test
    void aChatEventFromAnotherInstanceEvictsTheCachedChat() {
        assertThat(chats.findByGid("g").block().members()).containsExactly(1L, 2L);
        // another instance adds member 3: this instance's cache still has the chat as it was
        db.sql("INSERT INTO chat_member (chat_id, user_id) VALUES (" + chatId + ", 3)").then().block();
        assertThat(chats.findByGid("g").block().members()).as("served from memory").containsExactly(1L, 2L);

        Chat changed = new ChatStore(db).findByGid("g").block();
        bus.publish(Topics.EVENTS_CHAT, "g", ChatEvent.of(ChatEvent.Type.MEMBERS_CHANGED, changed)).block();

        awaitValue(() -> chats.findByGid("g").block().members(), List.of(1L, 2L, 3L));
    }

    @Test
    void aCurrentPresenceEventGivesTheUserItsNewStateBeforeItIsStored() {
        assertThat(users.findById(1).block().role()).isEqualTo("staff");
        // chat's own consumer of the event may store it later than this view sees it
        bus.publish(Topics.EVENTS_PRESENCE, "1", PresenceEvent.of(PresenceEvent.Type.PROFILE_CHANGED,
                user(1, "lead", User.ADMIN_SUPER), "gw", null)).block();

        awaitValue(() -> users.findById(1).block(), new ChatUser(1, "u1", "", User.ADMIN_SUPER, "lead"));
    }

    @Test
    void anOldPresenceEventOnlyEvictsItsStateIsNotApplied() {
        assertThat(users.findById(2).block().role()).isEqualTo("staff");
        db.sql("UPDATE chat_user SET role = 'stored' WHERE id = 2").then().block();
        // a new group reads the topic from its beginning: an event from long before this instance started
        PresenceEvent current = PresenceEvent.of(PresenceEvent.Type.PROFILE_CHANGED, user(2, "old", "no"), "gw",
                null);
        PresenceEvent old = new PresenceEvent(current.v(), current.eventId(), current.type(), current.user(),
                current.gatewayId(), null, null, System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        bus.publish(Topics.EVENTS_PRESENCE, "2", old).block();

        awaitValue(() -> users.findById(2).block().role(), "stored");
    }

    @Test
    void aCurrentPresenceEventMakesItsUserAMemberOfTheCachedSystemChat() {
        long system = new ChatStore(db).insert(new ChatStore.NewChat(SystemChat.GID, SystemChat.NAME, "system",
                List.of(), "", 0, false, SystemChat.CREATED_BY, 1)).block();
        db.sql("INSERT INTO chat_member (chat_id, user_id) SELECT " + system + ", x FROM SYSTEM_RANGE(1, 2)")
                .then().block();
        assertThat(chats.findByGid(SystemChat.GID).block().members()).containsExactly(1L, 2L);
        // user 3 logs in for the first time: chat's consumer of the event, maybe on another instance, adds the
        // user to the system chat, and publishes no chat event for it
        bus.publish(Topics.EVENTS_PRESENCE, "3", PresenceEvent.of(PresenceEvent.Type.ANNOUNCED,
                user(3, "staff", "no"), "gw", null)).block();

        awaitValue(() -> chats.findByGid(SystemChat.GID).block().members(), List.of(1L, 2L, 3L));
    }

    private static User user(long id, String role, String admin) {
        return new User(id, "u" + id, "", "", role, 0, "online", admin, "", "", "", "", "");
    }

    private static <T> void awaitValue(Supplier<T> actual, T expected) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(
                () -> assertThat(actual.get()).isEqualTo(expected));
    }
}
