package io.xuanxuan.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.xuanxuan.chat.config.ChatConfiguration;
import io.xuanxuan.chat.config.ChatProperties;
import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.chat.domain.DeliveryBudget;
import io.xuanxuan.chat.domain.SeqAllocator;
import io.xuanxuan.chat.domain.SystemChatPosters;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.MessageInsertBatcher;
import io.xuanxuan.chat.store.MessageStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.CursorBatch.Advance;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The measure of O(1) fan-out: the SQL statements one {@code message} costs, counted by an
 * R2DBC proxy around the database, for a chat of 2 members and one of 1,000. The count must not grow
 * with the members (nothing per recipient is written), and the outcome is ONE delivery for all of them.
 * The chat, its members and the sender come from memory (the stores as {@link ChatConfiguration} makes
 * them): in steady state a message is its insert, and the chat's lastActiveTime once a second.
 * The cursor batches that follow from the receipts are counted apart: 1,000 advances, one statement.
 */
class MessageStatementCountTest {

    private static final long NOW = 1_700_000_000L;
    private static final long SENDER = 1;

    /** Every statement executed through the proxy, in order. */
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private DatabaseClient db;
    private MessageHandler handler;
    private int commandNumber;
    /** The handler's clock, in seconds: moved by the tests. */
    private final AtomicLong now = new AtomicLong(NOW);

    @BeforeEach
    void setUp() {
        DatabaseClient plain = TestDatabases.create(Engine.H2, "chat");
        ConnectionFactory counted = ProxyConnectionFactory.builder(plain.getConnectionFactory())
                .onAfterQuery(execution -> execution.getQueries().forEach(query -> statements.add(query.getQuery())))
                .onAfterMethod(method -> {
                    // transaction boundaries are statements to the database too
                    String name = method.getMethod().getName();
                    if (name.equals("beginTransaction") || name.equals("commitTransaction")
                            || name.equals("rollbackTransaction")) {
                        statements.add(name);
                    }
                })
                .build();
        db = DatabaseClient.create(counted);
        // 1,001 users; chat "small": the sender and one other, chat "big": the sender and 999 others
        plain.sql("INSERT INTO chat_user (id, account) SELECT x, CONCAT('u', x) FROM SYSTEM_RANGE(1, 1001)")
                .then().block();
        ChatStore chats = new ChatStore(plain);
        long small = chats.insert(new ChatStore.NewChat("small", "", "group", List.of(), "", 0, false, "u1", 1))
                .block();
        long big = chats.insert(new ChatStore.NewChat("big", "", "group", List.of(), "", 0, false, "u1", 1)).block();
        plain.sql("INSERT INTO chat_member (chat_id, user_id) SELECT " + small + ", x FROM SYSTEM_RANGE(1, 2)")
                .then().block();
        plain.sql("INSERT INTO chat_member (chat_id, user_id) SELECT " + big + ", x FROM SYSTEM_RANGE(1, 1000)")
                .then().block();

        // the stores as the service makes them (with their caches), on the counted database
        ChatConfiguration configuration = new ChatConfiguration();
        ChatProperties properties = ChatProperties.defaults();
        ChatStore countedChats = configuration.chatStore(db, properties);
        MessageStore messages = new MessageStore(db);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(now.get());
            }
        };
        handler = new MessageHandler(new Messaging(new ChatLookup(countedChats,
                        configuration.chatUserStore(db, properties)),
                countedChats, messages, new MessageInsertBatcher(messages, 100, 2, new SimpleMeterRegistry()),
                new SeqAllocator(messages, 100), new ChatTransactions(
                        TransactionalOperator.create(new R2dbcTransactionManager(counted))),
                SystemChatPosters.of(List.of()),
                new DeliveryBudget(properties.deliveriesPerSecond(), properties.deliveriesBurst(), null)),
                properties, clock);
    }

    /** Sends one message to the chat and answers the statements it cost and its outcome. */
    private Map.Entry<List<String>, Outcome> send(String cgid) {
        statements.clear();
        String gid = "m-" + (++commandNumber);
        Request request = new Request("chat", "message", ProtocolJson.toTree(Map.of("messages",
                List.of(Map.of("gid", gid, "cgid", cgid, "content", "hello")))), null, null);
        Outcome outcome = handler.handle(Command.request("cmd-" + gid, "gw", "conn", SENDER, request, 0)).block();
        return Map.entry(List.copyOf(statements), outcome);
    }

    @Test
    void oneMessageCostsTheSameStatementsForTwoMembersAsForAThousand() {
        // the first message of each chat also reads MAX(seq) (nothing known yet), the chat and its members, and
        // moves lastActiveTime
        List<String> firstSmall = send("small").getKey();
        List<String> firstBig = send("big").getKey();
        Map.Entry<List<String>, Outcome> small = send("small");
        Map.Entry<List<String>, Outcome> big = send("big");

        System.out.printf("SQL statements for one message: first to a chat of 2 members %d, of 1,000 members %d; "
                        + "then to a chat of 2 members %d, of 1,000 members %d%n",
                firstSmall.size(), firstBig.size(), small.getKey().size(), big.getKey().size());
        System.out.println("  chat of 1,000, steady state: " + big.getKey());
        // the first message of a chat reads it and its members once, whatever their number; the sender is
        // read once, by the first message of all
        assertThat(firstSmall.stream().filter(sql -> sql.contains("FROM chat_user"))).hasSize(1);
        assertThat(firstBig.stream().filter(sql -> sql.contains("FROM chat_user"))).isEmpty();
        assertThat(firstBig).hasSize(firstSmall.size() - 1);
        // the caller, the chat and its members come from memory: the insert is all, nothing per recipient
        assertThat(small.getKey()).hasSize(1);
        assertThat(big.getKey()).hasSize(1);
        assertThat(big.getKey().get(0)).startsWith("INSERT INTO chat_message");

        for (Map.Entry<List<String>, Outcome> sent : List.of(small, big)) {
            List<Outgoing> deliveries = sent.getValue().records().stream()
                    .filter(record -> record.topic().equals(Topics.DELIVERIES)).toList();
            assertThat(sent.getValue().records()).as("nothing but deliveries").hasSameSizeAs(deliveries);
            // the response to the sender, and ONE delivery of the message to every other member
            assertThat(deliveries).hasSize(2);
            Delivery fanOut = (Delivery) deliveries.get(1).record();
            assertThat(fanOut.marks()).hasSize(1);
            assertThat(fanOut.target().userIds()).doesNotContain(SENDER)
                    .hasSize(sent == small ? 1 : 999);
        }
    }

    @Test
    void theChatsLastActiveTimeIsWrittenOnceASecondNotPerMessage() {
        send("big");
        send("big");
        now.incrementAndGet();
        List<String> nextSecond = send("big").getKey();
        List<String> sameSecond = send("big").getKey();

        System.out.println("  chat of 1,000, first message of a second: " + nextSecond);
        // the insert and the chat's lastActiveTime; the cached chat moves with it, so no reload follows
        assertThat(nextSecond).hasSize(2);
        assertThat(nextSecond.get(0)).startsWith("INSERT INTO chat_message");
        assertThat(nextSecond.get(1)).startsWith("UPDATE chat SET last_active_time");
        assertThat(sameSecond).hasSize(1);
    }

    @Test
    void aBatchOfAThousandCursorAdvancesIsOneStatement() {
        CursorStore cursors = new CursorStore(db);
        statements.clear();
        cursors.advance(LongStream.rangeClosed(1, 1000).mapToObj(user -> new Advance(user, "big", 5)).toList())
                .block();
        System.out.printf("SQL statements for a cursor batch of 1,000 advances: %d%n", statements.size());
        assertThat(statements).hasSize(1);
        assertThat(cursors.cursor(1000, "big").block()).isEqualTo(5);
    }
}
