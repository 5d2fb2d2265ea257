package io.xuanxuan.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.r2dbc.spi.ConnectionFactory;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.service.command.RecordingBus;
import io.xuanxuan.chat.config.ChatConfiguration;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Chat's rules through the dispatcher, as a gateway's command would run them, without a WebSocket: the
 * service's own configuration on H2, a bus that records what is published. Each test works in chats of its
 * own (one context for the class).
 */
class ChatCommandsTest {

    private static final long NOW = 1_700_000_000L;
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    private static AnnotationConfigApplicationContext context;
    private static RecordingBus bus;
    private static CommandDispatcher dispatcher;
    private static DatabaseClient db;

    @BeforeAll
    static void start() {
        db = TestDatabases.create(Engine.H2, "chat");
        db.sql("INSERT INTO chat_user (id, account, realname) VALUES (1, 'alice', 'Alice'), (2, 'bob', 'Bob'), "
                + "(3, 'carol', 'Carol')").then().block();
        bus = new RecordingBus();
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DatabaseClient.class, () -> db);
        context.registerBean(ConnectionFactory.class, db::getConnectionFactory);
        context.registerBean(MessageBus.class, () -> bus);
        context.registerBean(Clock.class, () -> Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        context.register(ChatConfiguration.class);
        context.refresh();
        dispatcher = context.getBean(CommandDispatcher.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void forget() {
        bus.clear();
    }

    private static String newGid() {
        return UUID.randomUUID().toString();
    }

    /** Dispatches the request as the user's and answers everything it published. */
    private static List<Outgoing> dispatch(Long userId, String method, Object params) {
        return dispatch(Command.request(newGid(), "gw", "conn-" + userId, userId,
                new Request(Methods.MODULE_CHAT, method, ProtocolJson.toTree(params), null, null), 0));
    }

    private static List<Outgoing> dispatch(Command command) {
        bus.clear();
        dispatcher.dispatch(command).block();
        return bus.published();
    }

    /** The response among what was published (there is exactly one for a request). */
    private static Response response(List<Outgoing> published) {
        List<Response> responses = published.stream().map(Outgoing::record)
                .filter(r -> r instanceof Delivery d && d.response() != null)
                .map(r -> ((Delivery) r).response()).toList();
        assertThat(responses).hasSize(1);
        return responses.get(0);
    }

    private static Response succeeded(List<Outgoing> published) {
        Response response = response(published);
        assertThat(response.result()).as(response.message()).isEqualTo(Result.SUCCESS);
        return response;
    }

    /** The message pushes to other members (deliveries carrying marks), in publish order. */
    private static List<Delivery> messagePushes(List<Outgoing> published) {
        return published.stream().map(Outgoing::record)
                .filter(r -> r instanceof Delivery d && d.marks() != null && !d.marks().isEmpty())
                .map(Delivery.class::cast).toList();
    }

    private static String group(long creator, List<Long> members, boolean isPublic) {
        String gid = newGid();
        succeeded(dispatch(creator, Methods.CREATE, Map.of("gid", gid, "name", "team", "type", "group",
                "members", members, "public", isPublic)));
        return gid;
    }

    private static Map<String, Object> message(String gid, String cgid, String contentType, String content) {
        return Map.of("gid", gid, "cgid", cgid, "contentType", contentType, "content", content);
    }

    private static List<Outgoing> send(long userId, Map<String, Object> message) {
        return dispatch(userId, Methods.MESSAGE, Map.of("messages", List.of(message)));
    }

    private static Message[] answered(Response response) {
        return ProtocolJson.convert(response.data(), Message[].class);
    }

    private static long storedCount(String gid) {
        return db.sql("SELECT COUNT(*) AS n FROM chat_message WHERE gid = :gid").bind("gid", gid)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    void aResentGidStoresNothingNewAndIsPushedAgainUnderItsOwnSeq() {
        String chat = group(ALICE, List.of(BOB), false);
        String gid = newGid();
        List<Outgoing> first = send(ALICE, message(gid, chat, "text", "hello"));
        List<Outgoing> again = send(ALICE, message(gid, chat, "text", "hello, edited"));

        assertThat(answered(succeeded(again))[0].content()).isEqualTo("hello");
        assertThat(storedCount(gid)).isEqualTo(1);
        assertThat(messagePushes(again)).hasSize(1);
        assertThat(messagePushes(again).get(0).marks().get(0).seqs())
                .isEqualTo(messagePushes(first).get(0).marks().get(0).seqs());
    }

    @Test
    void theSendersResendOfAnImageReplacesItsContentUnderTheNextSeqAndNobodyElsesDoes() {
        String chat = group(ALICE, List.of(BOB), false);
        String gid = newGid();
        long firstSeq = messagePushes(send(ALICE, message(gid, chat, "image", "uploading")))
                .get(0).marks().get(0).seqs().get(0);

        List<Outgoing> byBob = send(BOB, message(gid, chat, "image", "bob's"));
        assertThat(answered(succeeded(byBob))[0].content()).isEqualTo("uploading");

        List<Outgoing> byAlice = send(ALICE, message(gid, chat, "image", "done"));
        assertThat(answered(succeeded(byAlice))[0].content()).isEqualTo("done");
        assertThat(messagePushes(byAlice).get(0).marks().get(0).seqs()).containsExactly(firstSeq + 1);
        assertThat(storedCount(gid)).isEqualTo(1);
    }

    @Test
    void aGidOfAnotherChatIsRefusedAndNothingIsPushed() {
        String one = group(ALICE, List.of(BOB), false);
        String other = group(ALICE, List.of(BOB), false);
        String gid = newGid();
        succeeded(send(ALICE, message(gid, one, "text", "hi")));

        List<Outgoing> reused = send(ALICE, message(gid, other, "text", "hi"));
        assertThat(response(reused).result()).isEqualTo(Result.FAIL);
        assertThat(response(reused).message()).contains("already used by a message of another chat");
        assertThat(messagePushes(reused)).isEmpty();
    }

    @Test
    void aSeqTakenBehindTheServicesBackIsSkippedNotFailed() {
        String chat = group(ALICE, List.of(BOB), false);
        long seq = messagePushes(send(ALICE, message(newGid(), chat, "text", "one"))).get(0).marks().get(0)
                .seqs().get(0);
        // another writer (another chat instance) stores the next seq: this instance's memory does not know it
        db.sql("INSERT INTO chat_message (gid, cgid, user_id, sent_date, type, content_type, content, seq) "
                        + "VALUES (:gid, :cgid, 2, 1, 'normal', 'text', 'elsewhere', :seq)")
                .bind("gid", newGid()).bind("cgid", chat).bind("seq", seq + 1).then().block();

        List<Outgoing> next = send(ALICE, message(newGid(), chat, "text", "two"));
        succeeded(next);
        assertThat(messagePushes(next).get(0).marks().get(0).seqs()).containsExactly(seq + 2);
    }

    @Test
    void onlyMembersPostAndOnlyPublicGroupsCanBeJoined() {
        String chat = group(ALICE, List.of(BOB), false);
        List<Outgoing> stranger = send(CAROL, message(newGid(), chat, "text", "let me in"));
        assertThat(response(stranger).result()).isEqualTo(Result.FAIL);
        assertThat(response(stranger).message()).contains(chat);
        assertThat(messagePushes(stranger)).isEmpty();

        Response join = response(dispatch(CAROL, Methods.JOIN_CHAT, Map.of("gid", chat)));
        assertThat(join.result()).isEqualTo(Result.FAIL);
        assertThat(join.message()).startsWith("Only public group chats can be joined");

        String open = group(ALICE, List.of(BOB), true);
        Response joined = succeeded(dispatch(CAROL, Methods.JOIN_CHAT, Map.of("gid", open)));
        assertThat(joined.data().get("chat").get("members").toString()).contains("3");
    }

    @Test
    void responsesKeepTheirFieldsInProtocolOrder() {
        String chat = group(ALICE, List.of(BOB), false);
        assertThat(fieldNames(succeeded(dispatch(BOB, Methods.MEMBERS, Map.of("gid", chat))).data()))
                .containsExactly("gid", "members");
        assertThat(fieldNames(succeeded(dispatch(BOB, Methods.STAR, Map.of("gid", chat))).data()))
                .containsExactly("gid", "star");
        assertThat(fieldNames(succeeded(dispatch(ALICE, Methods.CHANGE_PUBLIC, Map.of("gid", chat))).data()))
                .containsExactly("gid", "public");
        Response renamed = succeeded(dispatch(ALICE, Methods.CHANGE_NAME, Map.of("gid", chat, "name", "new")));
        assertThat(ProtocolJson.write(renamed.data())).isEqualTo("{\"gid\":\"" + chat + "\",\"name\":\"new\"}");
        Response history = succeeded(dispatch(BOB, Methods.HISTORY, Map.of("gid", chat, "recPerPage", 5)));
        assertThat(ProtocolJson.write(history.pager())).isEqualTo("{\"recPerPage\":5,\"pageID\":1,\"recTotal\":1,"
                + "\"gid\":\"" + chat + "\",\"continued\":false}");
    }

    @Test
    void aRenameHandledTwiceStoresItsNoticeOnce() {
        String chat = group(ALICE, List.of(BOB), false);
        Command rename = Command.request(newGid(), "gw", "conn-1", ALICE, new Request(Methods.MODULE_CHAT,
                Methods.CHANGE_NAME, ProtocolJson.toTree(Map.of("gid", chat, "name", "renamed")), null, null), 0);
        List<Delivery> first = messagePushes(dispatch(rename));
        // the bus hands the command over again (a crash before its commit, a rebalance)
        List<Delivery> again = messagePushes(dispatch(rename));

        assertThat(first).hasSize(1);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).marks().get(0).seqs()).isEqualTo(first.get(0).marks().get(0).seqs());
        assertThat(first.get(0).target().userIds()).containsExactlyInAnyOrder(ALICE, BOB);
        JsonNode notice = ProtocolJson.toTree(first.get(0).packets().get(0).data()).get(0);
        assertThat(notice.get("content").asText()).isEqualTo("Alice renamed the chat to \"renamed\".");
        assertThat(storedCount(notice.get("gid").asText())).isEqualTo(1);
    }

    @Test
    void aBroadcastIsTakenOnlyAsAnInternalCommand() {
        String chat = group(ALICE, List.of(BOB), false);
        Map<String, Object> params = Map.of("gid", chat, "key", "k-" + newGid(), "content", "maintenance at 6",
                "contentType", "text");
        // a client's request for the method, logged in or not, is an unknown method
        for (Long user : new Long[] {ALICE, null}) {
            List<Outgoing> forged = dispatch(user, BroadcastHandler.METHOD, params);
            assertThat(response(forged).result()).isEqualTo(Result.FAIL);
            assertThat(response(forged).message()).isEqualTo("Unknown method.");
            assertThat(messagePushes(forged)).isEmpty();
        }

        Command internal = new BroadcastHandler.Notice(chat, (String) params.get("key"), "maintenance at 6", "text",
                null).command(0);
        // as the bus carries it between instances
        Command read = ProtocolJson.read(ProtocolJson.write(internal), Command.class);
        assertThat(read).isEqualTo(internal);
        List<Delivery> pushes = messagePushes(dispatch(read));
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).target().userIds()).containsExactlyInAnyOrder(ALICE, BOB);
        JsonNode notice = ProtocolJson.toTree(pushes.get(0).packets().get(0).data()).get(0);
        assertThat(notice.get("type").asText()).isEqualTo(MessageHandler.TYPE_BROADCAST);
        assertThat(notice.get("content").asText()).isEqualTo("maintenance at 6");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
