package io.xuanxuan.chat.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.chat.store.ChatUserStore;
import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.model.bus.CursorBatch.Advance;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The login sync against the real tables, on both engines: what is above the cursor, not one's own, not
 * of chats one left, not older than the max age, in order across pages; and where a joiner's cursor starts.
 */
class LoginSyncTest {

    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final long ME = 1;
    private static final long OTHER = 2;

    private DatabaseClient db;
    private ChatStore chats;
    private MessageStore messages;
    private CursorStore cursors;
    private MemberCursors memberCursors;
    private ChatTransactions transactions;

    private void open(Engine engine) {
        db = TestDatabases.create(engine, "chat");
        chats = new ChatStore(db);
        messages = new MessageStore(db);
        cursors = new CursorStore(db);
        memberCursors = new MemberCursors(messages, cursors);
        transactions = new ChatTransactions(TransactionalOperator.create(
                new R2dbcTransactionManager(db.getConnectionFactory())));
    }

    private long chat(String gid, long... members) {
        long id = chats.insert(new ChatStore.NewChat(gid, gid, Chat.TYPE_GROUP, List.of(), "", 0, false, "a", 1))
                .block();
        for (long member : members) {
            chats.addMember(id, member, 1).block();
        }
        return id;
    }

    private void message(String cgid, long seq, long sender, long date) {
        messages.insert(new Message(0, cgid + "-" + seq, cgid, sender, date, "normal", "text", "m" + seq), seq)
                .block();
    }

    /** The sync's deliveries to connection "c1" of user ME, pages of {@code pageSize}, up to {@code maxAge}. */
    private List<Delivery> sync(int pageSize, Duration maxAge) {
        List<Delivery> deliveries = new ArrayList<>();
        new LoginSync(cursors, pageSize, maxAge, CLOCK).run(new SyncRequest(1, "r", ME, "c1", "g", 0),
                delivery -> Mono.fromRunnable(() -> deliveries.add(delivery))).block();
        return deliveries;
    }

    /** Each delivery as "chat:seq,seq|chat:seq" per packet, "END" on the last. */
    private static List<String> shape(List<Delivery> deliveries) {
        List<String> shapes = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            assertThat(delivery.target().connectionId()).isEqualTo("c1");
            List<String> packets = new ArrayList<>();
            for (int i = 0; i < delivery.packets().size(); i++) {
                PushPacket packet = delivery.packets().get(i);
                MessageMark mark = delivery.marks().get(i);
                assertThat(packet.method()).isEqualTo("message");
                // the mark names each message of the packet, in order
                List<String> gids = new ArrayList<>();
                packet.data().forEach(m -> gids.add(m.get("gid").asText()));
                assertThat(gids).containsExactlyElementsOf(mark.seqs().stream().map(s -> mark.cgid() + "-" + s)
                        .toList());
                packets.add(mark.cgid() + ":" + String.join(",", mark.seqs().stream().map(String::valueOf)
                        .toList()));
            }
            shapes.add(String.join("|", packets) + (delivery.syncEnd() ? " END" : ""));
        }
        return shapes;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void syncsWhatIsAboveTheCursorButOwnMessagesLeftChatsAndOldOnesInPagesAcrossChats(Engine engine) {
        open(engine);
        chat("g1", ME, OTHER);
        chat("g2", ME, OTHER);
        long left = chat("g3", ME, OTHER);
        chat("g4", OTHER);
        for (long seq = 1; seq <= 5; seq++) {
            message("g1", seq, seq == 3 ? ME : OTHER, NOW - 10);
        }
        message("g2", 1, OTHER, NOW - Duration.ofDays(31).toSeconds());
        message("g2", 2, 0, NOW - 5); // a server notice (sender 0)
        message("g2", 3, OTHER, NOW);
        message("g3", 1, OTHER, NOW);
        message("g4", 1, OTHER, NOW);
        chats.removeMember(left, ME).block();
        cursors.advance(List.of(new Advance(ME, "g1", 2))).block();

        // g1: 1-2 read, 3 my own; g2: 1 older than 30 days; g3 left; g4 never a member
        assertThat(shape(sync(3, Duration.ofDays(30)))).containsExactly("g1:4,5|g2:2", "g2:3 END");
        assertThat(shape(sync(2, Duration.ofDays(30)))).as("the last page is empty: an empty end")
                .containsExactly("g1:4,5", "g2:2,3", " END");
        assertThat(shape(sync(200, Duration.ofDays(30)))).containsExactly("g1:4,5|g2:2,3 END");
        assertThat(shape(sync(200, Duration.ofDays(40)))).as("a longer max age reaches g2:1")
                .containsExactly("g1:4,5|g2:1,2,3 END");

        // the member read everything: the sync is one empty end
        cursors.advance(List.of(new Advance(ME, "g1", 5), new Advance(ME, "g2", 3))).block();
        assertThat(shape(sync(200, Duration.ofDays(30)))).containsExactly(" END");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aJoinerStartsAtTheChatsEndAndAMemberWhoComesBackKeepsALaterCursor(Engine engine) {
        open(engine);
        long g = chat("g", OTHER);
        for (long seq = 1; seq <= 3; seq++) {
            message("g", seq, OTHER, NOW);
        }
        // joinchat/addmember: the member and the cursor in one transaction
        transactions.run(chats.addMember(g, ME, NOW).then(memberCursors.startAtEnd("g", List.of(ME)))).block();
        assertThat(cursors.cursor(ME, "g").block()).isEqualTo(3);
        assertThat(shape(sync(200, Duration.ofDays(30)))).as("the past is history, not sync").containsExactly(" END");
        message("g", 4, OTHER, NOW);
        assertThat(shape(sync(200, Duration.ofDays(30)))).containsExactly("g:4 END");

        // read up to 4, leave, a message meanwhile, come back: starts at 5, the end
        cursors.advance(List.of(new Advance(ME, "g", 4))).block();
        chats.removeMember(g, ME).block();
        message("g", 5, OTHER, NOW);
        transactions.run(chats.addMember(g, ME, NOW).then(memberCursors.startAtEnd("g", List.of(ME)))).block();
        assertThat(cursors.cursor(ME, "g").block()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theSystemChatStartsNewMembersAtItsEndAndLeavesExistingMembersCursorsAlone(Engine engine) {
        open(engine);
        ChatUserStore users = new ChatUserStore(db);
        users.upsert(new io.xuanxuan.chat.domain.ChatUser(OTHER, "other", "", "no"), 1).block();
        SystemChat system = new SystemChat(chats, memberCursors, transactions, CLOCK);
        system.ensureExists().block();
        assertThat(cursors.cursor(OTHER, SystemChat.GID).block()).isZero();
        for (long seq = 1; seq <= 4; seq++) {
            message(SystemChat.GID, seq, 0, NOW);
        }
        cursors.advance(List.of(new Advance(OTHER, SystemChat.GID, 1))).block();

        system.join(ME).block();
        system.join(OTHER).block();
        assertThat(cursors.cursor(ME, SystemChat.GID).block()).as("new member: at the end").isEqualTo(4);
        assertThat(cursors.cursor(OTHER, SystemChat.GID).block()).as("a member: untouched, 2-4 still to sync")
                .isEqualTo(1);

        // users the system chat takes in at start-up start at its end too
        users.upsert(new io.xuanxuan.chat.domain.ChatUser(3, "third", "", "no"), 1).block();
        new SystemChat(chats, memberCursors, transactions, CLOCK).ensureExists().block();
        assertThat(cursors.cursor(3, SystemChat.GID).block()).isEqualTo(4);
        assertThat(cursors.cursor(OTHER, SystemChat.GID).block()).isEqualTo(1);
    }
}
