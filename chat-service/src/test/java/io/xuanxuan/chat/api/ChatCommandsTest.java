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

    /** What a request published besides its response: pushes and events. */
    private static List<Object> besidesTheResponse(List<Outgoing> published) {
        return published.stream().map(Outgoing::record)
                .filter(r -> !(r instanceof Delivery d && d.response() != null)).map(Object.class::cast).toList();
    }

    /** The pushes of this method in what was published. */
    private static List<Delivery> pushes(List<Outgoing> published, String method) {
        return published.stream().map(Outgoing::record)
                .filter(r -> r instanceof Delivery d && d.packets() != null
                        && d.packets().stream().anyMatch(p -> method.equals(p.method())))
                .map(Delivery.class::cast).toList();
    }

    private static JsonNode chatInList(long userId, String gid) {
        for (JsonNode chat : succeeded(dispatch(userId, Methods.GET_LIST, List.of())).data()) {
            if (gid.equals(chat.path("gid").asText())) {
                return chat;
            }
        }
        throw new AssertionError(gid + " not in the getList of user " + userId);
    }

    @Test
    void createOfATakenGidAnswersMembersAndPublicGroupsAndNobodyElseLearnsAnything() {
        String secret = newGid();
        succeeded(dispatch(ALICE, Methods.CREATE, Map.of("gid", secret, "name", "secret plans", "type", "group",
                "members", List.of(BOB))));
        // the 2.x client's fetch of a chat it does not know: [cgid, "", "", "", 0, false]
        List<Object> fetch = List.of(secret, "", "", "", 0, false);

        List<Outgoing> stranger = dispatch(CAROL, Methods.CREATE, fetch);
        Response refused = response(stranger);
        assertThat(refused.result()).isEqualTo(Result.FAIL);
        assertThat(refused.data()).as("no chat in the refusal").isNull();
        assertThat(refused.message()).doesNotContain("secret plans").doesNotContain("alice");
        assertThat(besidesTheResponse(stranger)).as("no event, no push").isEmpty();

        Response member = succeeded(dispatch(BOB, Methods.CREATE, fetch));
        assertThat(member.data().path("name").asText()).isEqualTo("secret plans");

        String open = group(ALICE, List.of(BOB), true);
        List<Outgoing> publicFetch = dispatch(CAROL, Methods.CREATE, List.of(open, "", "", "", 0, false));
        JsonNode publicChat = succeeded(publicFetch).data();
        assertThat(publicChat.path("gid").asText()).isEqualTo(open);
        assertThat(publicChat.path("members").toString()).doesNotContain(String.valueOf(CAROL));
        assertThat(besidesTheResponse(publicFetch)).as("fetching changes nothing, pushes nothing").isEmpty();

        // a one-to-one chat fetched by its other user, with the gid in either order
        succeeded(dispatch(ALICE, Methods.CREATE, List.of("1&2", "", "one2one", List.of(BOB), 0)));
        assertThat(succeeded(dispatch(BOB, Methods.CREATE, List.of("2&1", "", "", "", 0, false))).data()
                .path("gid").asText()).isEqualTo("1&2");
        assertThat(response(dispatch(CAROL, Methods.CREATE, List.of("1&2", "", "", "", 0, false))).result())
                .isEqualTo(Result.FAIL);
    }

    @Test
    void onlyAdminsDismissAGroupWhichThenTakesNoMessagesOrChangesButKeepsItsHistory() {
        String chat = group(ALICE, List.of(BOB), false);
        succeeded(send(BOB, message(newGid(), chat, "text", "before")));

        Response byMember = response(dispatch(BOB, Methods.DISMISS, List.of(chat)));
        assertThat(byMember.result()).isEqualTo(Result.FAIL);
        assertThat(byMember.message()).isEqualTo("Only admins of this chat may dismiss it.");
        succeeded(dispatch(ALICE, Methods.CREATE, List.of("1&3", "", "one2one", List.of(CAROL), 0)));
        assertThat(response(dispatch(ALICE, Methods.DISMISS, List.of("1&3"))).message())
                .startsWith("Only group chats can be dismissed");
        assertThat(chatInList(BOB, chat).path("dismissDate").asLong()).isZero();

        List<Outgoing> dismissal = dispatch(ALICE, Methods.DISMISS, List.of(chat));
        assertThat(ProtocolJson.write(succeeded(dismissal).data()))
                .isEqualTo("{\"gid\":\"" + chat + "\",\"dismissDate\":" + NOW + "}");
        List<Delivery> pushed = pushes(dismissal, Methods.DISMISS);
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).target().userIds()).containsExactly(BOB);
        assertThat(ProtocolJson.write(pushed.get(0).packets().get(0).data()))
                .isEqualTo(ProtocolJson.write(succeeded(dismissal).data()));
        assertThat(chatInList(BOB, chat).path("dismissDate").asLong()).isEqualTo(NOW);

        String dismissed = "This chat was dismissed ('" + chat + "', by an admin of it)";
        List<Outgoing> late = send(BOB, message(newGid(), chat, "text", "after"));
        assertThat(response(late).message()).startsWith(dismissed);
        assertThat(messagePushes(late)).isEmpty();
        assertThat(response(dispatch(ALICE, Methods.CHANGE_NAME, List.of(chat, "new"))).message())
                .startsWith(dismissed);
        assertThat(response(dispatch(ALICE, Methods.ADD_MEMBER, List.of(chat, List.of(CAROL)))).message())
                .startsWith(dismissed);
        assertThat(response(dispatch(ALICE, Methods.CHANGE_PUBLIC, List.of(chat, true))).message())
                .startsWith(dismissed);
        assertThat(response(dispatch(ALICE, Methods.SET_COMMITTERS, List.of(chat, "$ADMINS"))).message())
                .startsWith(dismissed);
        assertThat(succeeded(dispatch(BOB, Methods.HISTORY, List.of(chat))).data().findValuesAsText("content"))
                .containsExactly("before");
        succeeded(dispatch(BOB, Methods.STAR, List.of(chat, true)));
        assertThat(chatInList(ALICE, chat).path("name").asText()).isEqualTo("team");

        // again: the first dismissal's answer, nothing changes
        assertThat(succeeded(dispatch(ALICE, Methods.DISMISS, Map.of("gid", chat))).data().path("dismissDate")
                .asLong()).isEqualTo(NOW);
    }

    @Test
    void categoryFilesTheCallersOwnChatsAllOrNothing() {
        String work = group(ALICE, List.of(BOB), false);
        String home = group(BOB, List.of(ALICE), false);
        String notMine = group(BOB, List.of(CAROL), false);

        Response filed = succeeded(dispatch(ALICE, Methods.CATEGORY, List.of(List.of(work, home), "Projects")));
        assertThat(ProtocolJson.write(filed.data())).isEqualTo("{\"gids\":[\"" + work + "\",\"" + home
                + "\"],\"category\":\"Projects\"}");
        assertThat(chatInList(ALICE, work).path("category").asText()).isEqualTo("Projects");
        assertThat(chatInList(ALICE, home).path("category").asText()).isEqualTo("Projects");
        assertThat(chatInList(BOB, work).path("category").isTextual()).isTrue();
        assertThat(chatInList(BOB, work).path("category").asText()).as("each member's own").isEmpty();

        Response refused = response(dispatch(ALICE, Methods.CATEGORY, Map.of("gids", List.of(work, notMine),
                "name", "Other")));
        assertThat(refused.result()).isEqualTo(Result.FAIL);
        assertThat(refused.message()).isEqualTo("Chat '" + notMine + "' does not exist or you are not a member "
                + "of it; no category was changed.");
        assertThat(chatInList(ALICE, work).path("category").asText()).isEqualTo("Projects");

        List<String> tooMany = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> newGid()).toList();
        assertThat(response(dispatch(ALICE, Methods.CATEGORY, List.of(tooMany, "x"))).message())
                .contains("at most 1000");
        assertThat(response(dispatch(ALICE, Methods.CATEGORY, List.of(List.of(work), "x".repeat(101)))).message())
                .contains("at most 100 characters");
        assertThat(response(dispatch(ALICE, Methods.CATEGORY, List.of(List.of(), "x"))).message())
                .contains("at least one chat");

        succeeded(dispatch(ALICE, Methods.CATEGORY, List.of(List.of(work), "")));
        assertThat(chatInList(ALICE, work).path("category").asText()).isEmpty();
    }

    @Test
    void aMessagesOrderIsStoredAnsweredPushedAndInHistory() {
        String chat = group(ALICE, List.of(BOB), false);
        Map<String, Object> ordered = new java.util.HashMap<>(message(newGid(), chat, "text", "first"));
        ordered.put("order", 12);
        List<Outgoing> sent = send(ALICE, ordered);
        assertThat(answered(succeeded(sent))[0].order()).isEqualTo(12);
        assertThat(ProtocolJson.toTree(messagePushes(sent).get(0).packets().get(0).data()).get(0).path("order")
                .asLong()).isEqualTo(12);
        succeeded(send(ALICE, message(newGid(), chat, "text", "second")));

        JsonNode history = succeeded(dispatch(BOB, Methods.HISTORY, List.of(chat))).data();
        assertThat(history.findValuesAsText("content")).containsExactly("second", "first");
        assertThat(history.get(0).path("order").asLong()).as("none sent: 0").isZero();
        assertThat(history.get(1).path("order").asLong()).isEqualTo(12);

        Map<String, Object> bad = new java.util.HashMap<>(message(newGid(), chat, "text", "x"));
        bad.put("order", "first");
        assertThat(response(send(ALICE, bad)).message()).isEqualTo("Message 1: 'order' must be an integer.");
    }

    @Test
    void historyFromAStartDateInSecondsOrMillisecondsCountsAndPagesOnlyThoseMessages() {
        String chat = group(ALICE, List.of(BOB), false);
        long base = 1_690_000_000L;
        for (long after : new long[] {1_000, 2_000, 3_000}) {
            Map<String, Object> dated = new java.util.HashMap<>(message(newGid(), chat, "text", "at " + after));
            dated.put("date", base + after);
            succeeded(send(ALICE, dated));
        }
        Response all = succeeded(dispatch(BOB, Methods.HISTORY, List.of(chat, 50, 1, 0, true)));
        assertThat(all.data()).hasSize(3);
        assertThat(all.pager().path("recTotal").asLong()).isEqualTo(3);

        Response since = succeeded(dispatch(BOB, Methods.HISTORY, List.of(chat, 50, 1, 0, true, base + 2_000)));
        assertThat(since.data().findValuesAsText("content")).containsExactly("at 3000", "at 2000");
        assertThat(since.pager().path("recTotal").asLong()).isEqualTo(2);

        Response millis = succeeded(dispatch(BOB, Methods.HISTORY, Map.of("gid", chat, "recPerPage", 1, "pageID", 2,
                "startDate", (base + 2_000) * 1_000 + 999)));
        assertThat(millis.data().findValuesAsText("content")).containsExactly("at 2000");
        assertThat(millis.pager().path("recTotal").asLong()).isEqualTo(2);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
