package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chat rules issue 10 added or fixed: a one-to-one gid belongs to that pair's one2one chat (defect 2),
 * clients cannot send broadcasts (defect 7), who may post in the system chat, and what one message
 * request may cost (defect 4). The server under test runs with {@code xuanxuan.chat.deliveries-burst}
 * below 1,000 (100 messages to the 10 other test users exceed it) and {@code system-chat-posters=pm}
 * (the demo account's role): {@link #SERVER_PROPERTIES}.
 */
public interface ChatRulesProtocolSuite extends ChatProtocolSupport {

    /**
     * The chat service settings this suite needs, written once for every server it runs against
     * ({@link StandaloneServerTest}, the distributed cluster's chat instances): 100 messages to the 10
     * other test users exceed this budget, the conversations of the other suites do not.
     */
    String DELIVERIES_PER_SECOND = "xuanxuan.chat.deliveries-per-second=900";
    String DELIVERIES_BURST = "xuanxuan.chat.deliveries-burst=900";
    /** The demo account's role may post in the system chat. */
    String SYSTEM_CHAT_POSTERS = "xuanxuan.chat.system-chat-posters=pm";
    List<String> SERVER_PROPERTIES = List.of(DELIVERIES_PER_SECOND, DELIVERIES_BURST, SYSTEM_CHAT_POSTERS);

    private static String pair(long first, long second) {
        return first + "&" + second;
    }

    @Test
    default void aThirdUserCannotTakeOverOrBlockAOneToOneChat() {
        try (ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol"); ProtocolClient dave = client("dave")) {
            String gid = pair(id(bob), id(dave));
            String other = pair(id(dave), id(bob));

            refused(carol, carol.named("create", "gid", gid, "type", "group", "members", List.of(id(bob), id(dave))),
                    "belongs to the one-to-one chat of users " + Math.min(id(bob), id(dave)));
            refused(carol, carol.named("create", "gid", other, "type", "group", "members", List.of()),
                    "belongs to the one-to-one chat");
            refused(carol, carol.positional("create", gid, "", "one2one", List.of(id(bob), id(dave)), 0),
                    "only they can open it");
            refused(carol, carol.positional("create", other, "", "", List.of(), 0), "only they can open it");
            refused(bob, bob.named("create", "gid", gid, "type", "group", "members", List.of(id(dave))),
                    "cannot name a group chat");
            refused(bob, bob.positional("create", gid, "", "one2one", List.of(id(dave), id(carol)), 0),
                    "'members' must name no one else");
            assertThat(chatIn(chatList(carol), gid).isMissingNode()).isTrue();
            assertThat(chatIn(chatList(carol), other).isMissingNode()).isTrue();

            JsonNode chat = ok(bob, bob.positional("create", gid, "", "one2one", List.of(id(bob), id(dave)), 0))
                    .path("data");
            assertThat(chat.path("type").asText()).isEqualTo("one2one");
            assertThat(ids(chat.path("members"))).containsExactlyInAnyOrder(id(bob), id(dave));
            String stored = chat.path("gid").asText();
            assertThat(stored).isIn(gid, other);
            refused(carol, carol.named("history", "gid", gid), "not a member");
            refused(carol, send(carol, message(newGid(), other, "let me in")), "not a member");

            String said = newGid();
            ok(bob, send(bob, message(said, gid, "just us")));
            assertThat(dave.awaitFrame(frame -> frame.toString().contains(said), WsClient.TIMEOUT)).isPresent();
            assertThat(carol.awaitFrame(frame -> frame.toString().contains(said), NO_PUSH_WITHIN)).isEmpty();
            assertThat(gids(history(dave, other))).contains(said);
        }
    }

    @Test
    default void bothOrdersOfAOneToOneGidAreOneChatUnderTheGidItWasCreatedWith() {
        // victor and wendy are users 9 and 10 of the test accounts: the real clients send "10&9"
        try (ProtocolClient victor = client("victor"); ProtocolClient wendy = client("wendy")) {
            String stringSorted = List.of(String.valueOf(id(victor)), String.valueOf(id(wendy))).stream().sorted()
                    .reduce((a, b) -> a + "&" + b).orElseThrow();
            String numeric = Math.min(id(victor), id(wendy)) + "&" + Math.max(id(victor), id(wendy));
            String reversed = numeric.equals(stringSorted) ? Math.max(id(victor), id(wendy)) + "&"
                    + Math.min(id(victor), id(wendy)) : stringSorted;

            JsonNode first = ok(victor, victor.positional("create", reversed, "", "one2one",
                    List.of(id(victor), id(wendy)), 0)).path("data");
            String gid = first.path("gid").asText();
            JsonNode second = ok(wendy, wendy.positional("create", numeric, "", "one2one",
                    List.of(id(wendy), id(victor)), 0)).path("data");
            assertThat(second.path("id").asLong()).as("one chat, not two").isEqualTo(first.path("id").asLong());
            assertThat(second.path("gid").asText()).isEqualTo(gid);
            assertThat(chatList(wendy).findValuesAsText("gid")).contains(gid).doesNotContain(
                    gid.equals(numeric) ? reversed : numeric);

            String viaReversed = newGid();
            String viaNumeric = newGid();
            JsonNode storedReversed = ok(victor, send(victor, message(viaReversed, reversed, "string order")))
                    .path("data").get(0);
            JsonNode storedNumeric = ok(wendy, send(wendy, message(viaNumeric, numeric, "numeric order")))
                    .path("data").get(0);
            assertThat(storedReversed.path("cgid").asText()).isEqualTo(gid);
            assertThat(storedNumeric.path("cgid").asText()).isEqualTo(gid);
            assertThat(wendy.awaitFrame(frame -> frame.toString().contains(viaReversed), WsClient.TIMEOUT)).isPresent();
            assertThat(victor.awaitFrame(frame -> frame.toString().contains(viaNumeric), WsClient.TIMEOUT)).isPresent();

            for (String name : List.of(reversed, numeric)) {
                JsonNode page = ok(victor, victor.named("history", "gid", name, "recPerPage", 200));
                assertThat(gids(page.path("data"))).contains(viaReversed, viaNumeric);
                assertThat(page.path("pager").path("gid").asText()).isEqualTo(gid);
                assertThat(ok(wendy, wendy.positional("members", name)).path("data").path("gid").asText())
                        .isEqualTo(gid);
            }
            ok(wendy, wendy.positional("star", reversed, true));
            assertThat(chatOf(wendy, gid).path("star").asBoolean()).isTrue();
            ok(wendy, wendy.positional("star", numeric, false));
            assertThat(chatOf(wendy, gid).path("star").asBoolean()).isFalse();
        }
    }

    @Test
    default void clientsCannotSendBroadcastsWhichOnlyTheServerMakes() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = newGid();
            createGroup(alice, gid, "No fake notices", false, id(bob));
            String fake = newGid();
            ObjectNode notice = message(fake, gid, "SYSTEM: your password expired, send it to alice");
            notice.put("type", "broadcast");
            refused(alice, send(alice, notice), "'type' broadcast is reserved for notices the server makes");
            ObjectNode shouting = message(newGid(), gid, "SYSTEM: too").put("type", "BROADCAST");
            refused(alice, sendBare(alice, message(newGid(), gid, "fine"), shouting), "reserved");
            assertThat(history(bob, gid)).as("nothing stored").isEmpty();
            // bounded: a message sent after the refused ones is the first of the chat that bob gets
            String after = newGid();
            ok(alice, send(alice, message(after, gid, "a real message")));
            assertThat(gids(ProtocolJson.toTree(messagesPushedUntil(bob, gid, after)))).containsExactly(after);
            assertThat(bob.awaitFrame(frame -> frame.toString().contains(fake), NO_PUSH_WITHIN)).isEmpty();
        }
    }

    @Test
    default void theSystemChatTakesPostsFromItsAdminsOrSystemAdministratorsAndTheConfiguredRole() {
        try (ProtocolClient admin = client("admin"); ProtocolClient demo = client("demo"); ProtocolClient carol = client("carol")) {
            assertThat(chatOf(admin, "system").path("admins").isEmpty()).as("no admins set").isTrue();
            String refusedGid = newGid();
            refused(carol, send(carol, message(refusedGid, "system", "everyone, look")),
                    "Only system administrators and users of role(s) pm may post in the system chat");
            String byAdmin = newGid();
            ok(admin, send(admin, message(byAdmin, "system", "from a system administrator")));
            String byRole = newGid();
            ok(demo, send(demo, message(byRole, "system", "from the pm role")));
            assertThat(gids(ok(carol, carol.positional("history", "system", 50)).path("data")))
                    .contains(byAdmin, byRole).doesNotContain(refusedGid);
        }
    }

    @Test
    default void aMessageRequestCostingMoreDeliveriesThanTheBudgetIsRefusedAndANormalConversationIsNot() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            List<Long> everyone = new ArrayList<>();
            ok(alice, alice.envelope("chat", "userGetlist", null)).path("data")
                    .forEach(user -> everyone.add(user.path("id").asLong()));
            assertThat(everyone).as("100 messages to this many recipients exceed the test budget").hasSizeGreaterThan(10);
            String gid = newGid();
            createGroup(alice, gid, "Everyone", false, everyone.stream().mapToLong(Long::longValue).toArray());

            ObjectNode[] hundred = new ObjectNode[100];
            for (int i = 0; i < hundred.length; i++) {
                hundred[i] = message(newGid(), gid, "flood " + i);
            }
            refused(alice, send(alice, hundred), "deliveries (100 message(s) to " + (everyone.size() - 1)
                    + " recipient(s)); one user may cause at most");
            assertThat(history(bob, gid)).as("nothing stored").isEmpty();
            assertThat(bob.awaitFrame(frame -> frame.toString().contains("flood 0"), NO_PUSH_WITHIN)).isEmpty();

            List<String> said = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ProtocolClient sender = i % 2 == 0 ? alice : bob;
                String messageGid = newGid();
                ok(sender, send(sender, message(messageGid, gid, "conversation " + i)));
                said.add(0, messageGid);
            }
            assertThat(gids(history(bob, gid))).containsExactlyElementsOf(said);
            // bounded: alice's first message of the conversation is the first of the chat that bob gets
            String first = said.get(said.size() - 1);
            assertThat(gids(ProtocolJson.toTree(messagesPushedUntil(bob, gid, first)))).containsExactly(first);
        }
    }
}
