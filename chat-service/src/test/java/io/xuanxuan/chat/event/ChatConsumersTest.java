package io.xuanxuan.chat.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.service.command.RecordingBus;
import io.xuanxuan.chat.domain.MemberCursors;
import io.xuanxuan.chat.domain.SystemChat;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.chat.store.ChatUserStore;
import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.model.bus.BroadcastRecord;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** What chat's consumers publish, through the outcome path: the records, their topics, keys and order. */
class ChatConsumersTest {

    private final RecordingBus bus = new RecordingBus();
    private ChatStore chats;
    private PresenceConsumer presence;
    private BroadcastConsumer broadcasts;

    @BeforeEach
    void setUp() {
        DatabaseClient db = TestDatabases.create(Engine.H2, "chat");
        chats = new ChatStore(db);
        MessageStore messages = new MessageStore(db);
        SystemChat systemChat = new SystemChat(chats, new MemberCursors(messages, new CursorStore(db)),
                new ChatTransactions(TransactionalOperator.create(
                        new R2dbcTransactionManager(db.getConnectionFactory()))),
                Clock.systemUTC());
        systemChat.ensureExists().block();
        presence = new PresenceConsumer(bus, chats, new ChatUserStore(db), systemChat);
        broadcasts = new BroadcastConsumer(bus, chats, 1000);
    }

    @Test
    void aLoginGetsItsChatListAndThenTheOfflineFlushKeyedByTheUser() {
        User alice = new User(7, "alice", "Alice", "", "", 0, "online", "no", "", "", "", "", "");
        presence.onPresence(PresenceEvent.online(alice, "gw-1", "conn-1", "sid")).block();

        List<Outgoing> published = bus.published();
        assertThat(published).extracting(Outgoing::topic)
                .containsExactly(Topics.DELIVERIES, Topics.commands(ServiceName.OFFLINE));
        assertThat(published).extracting(Outgoing::key).containsOnly("7");
        Delivery getList = (Delivery) published.get(0).record();
        assertThat(getList.target().connectionId()).isEqualTo("conn-1");
        assertThat(getList.syncStart()).isTrue();
        assertThat(getList.packets()).extracting(p -> p.method()).containsExactly(Methods.GET_LIST);
        // the system chat, of which every user is a member
        assertThat(ProtocolJson.toTree(getList.packets().get(0).data())).hasSize(1);
        OfflineCommand flush = (OfflineCommand) published.get(1).record();
        assertThat(flush.type()).isEqualTo(OfflineCommand.Type.FLUSH);
        assertThat(flush.connectionId()).isEqualTo("conn-1");
    }

    @Test
    void anOfflineEventPublishesNothing() {
        User alice = new User(7, "alice", "Alice", "", "", 0, "offline", "no", "", "", "", "", "");
        presence.onPresence(PresenceEvent.of(PresenceEvent.Type.OFFLINE, alice, "gw-1", "conn-1")).block();
        assertThat(bus.published()).isEmpty();
    }

    @Test
    void aNoticeForUsersBecomesOneInternalBroadcastCommandPerUserKeyedByTheirNoticeChat() {
        broadcasts.accept(new BroadcastRecord(1, "release-1", null, List.of(3L, 4L), "v2 is out", null)).block();

        List<Outgoing> published = bus.published();
        assertThat(published).extracting(Outgoing::topic).containsOnly(Topics.commands(ServiceName.CHAT));
        assertThat(published).extracting(Outgoing::key).containsExactlyInAnyOrder("chat:notice-3", "chat:notice-4");
        for (Outgoing one : published) {
            Command command = (Command) one.record();
            assertThat(command.type()).isEqualTo(Command.Type.BROADCAST);
            assertThat(command.userId()).isNull();
            assertThat(command.request().params().get("contentType").asText()).isEqualTo("text");
            assertThat(command.request().params().get("noticeFor").asLong())
                    .isEqualTo(Long.parseLong(one.key().substring("chat:notice-".length())));
        }
    }

    @Test
    void aNoticeWithoutAKeyIsRefusedAndNothingIsPublished() {
        assertThatThrownBy(() -> broadcasts.accept(new BroadcastRecord(1, "", "g", null, "hi", null)).block())
                .isInstanceOf(ProtocolJson.InvalidRecordException.class).hasMessageContaining("'key' is required");
        assertThat(bus.published()).isEmpty();
    }
}
