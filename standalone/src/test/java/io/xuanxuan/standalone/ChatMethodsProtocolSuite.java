package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat methods of PROTOCOL.md section 5, both parameter shapes, and their pushes, over real WebSockets. */
public interface ChatMethodsProtocolSuite extends ChatProtocolSupport {

    @Test
    default void createAnswersTheChatPushesItToOtherOnlineMembersAndIsIdempotentByGid() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient dave = client("dave")) {
            String gid = newGid();
            JsonNode chat = createGroup(alice, gid, "Plans", false, id(bob), id(dave));
            assertThat(chat.path("id").isIntegralNumber()).isTrue();
            assertThat(chat.path("gid").asText()).isEqualTo(gid);
            assertThat(chat.path("name").asText()).isEqualTo("Plans");
            assertThat(chat.path("type").asText()).isEqualTo("group");
            assertThat(ids(chat.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob), id(dave));
            assertThat(ids(chat.path("admins"))).containsExactly(id(alice));
            assertThat(chat.path("committers").isTextual()).isTrue();
            assertThat(chat.path("committers").asText()).isEmpty();
            assertThat(chat.path("createdBy").asText()).isEqualTo("alice");
            assertThat(chat.path("createdDate").isIntegralNumber()).isTrue();
            assertThat(chat.path("createdDate").asLong()).isPositive();
            assertThat(chat.path("public").asBoolean(true)).isFalse();
            assertThat(chat.path("subject").asLong()).isZero();

            JsonNode pushed = pushFor(bob, "create", gid);
            assertThat(pushed.path("name").asText()).isEqualTo("Plans");
            assertThat(ids(pushed.path("members"))).contains(id(bob));
            pushFor(dave, "create", gid);

            // the same gid again, positional and in upper case: the existing chat, no second push
            JsonNode again = ok(alice, alice.positional("CREATE", gid, "Other name", "group",
                    List.of(id(bob)), 0, true));
            assertThat(again.path("method").asText()).isEqualTo("CREATE");
            assertThat(again.path("data").path("id").asLong()).isEqualTo(chat.path("id").asLong());
            assertThat(again.path("data").path("name").asText()).isEqualTo("Plans");
            assertThat(again.path("data").path("public").asBoolean()).isFalse();
            assertThat(receivesPushFor(bob, "create", gid, NO_PUSH_WITHIN)).as("second create push").isFalse();
            assertThat(receivesPushFor(alice, "create", gid, java.time.Duration.ZERO)).as("push to the creator")
                    .isFalse();

            JsonNode list = chatList(alice);
            assertThat(gidsOf(list).stream().filter(gid::equals)).hasSize(1);
        }
        try (ProtocolClient carol = client("carol")) {
            String gid = newGid();
            refused(carol, carol.named("create", "gid", gid, "type", "channel"), "one2one or group");
            refused(carol, carol.named("create", "gid", gid, "members", List.of(999_999)), "Unknown user");
            assertThat(chatIn(chatList(carol), gid).isMissingNode()).isTrue();
        }
    }

    @Test
    default void one2oneChatsUseTheTwoIdsInEitherOrderAsGidAndHaveExactlyTwoMembers() {
        // a pair whose one-to-one chat must not exist yet: the distributed cluster runs this suite over both
        // transports against the same services, so each transport takes a pair of its own (alice and victor
        // over WebSocket)
        List<String> pair = transport() == Transport.WEBSOCKET ? List.of("alice", "victor") : List.of("rhea", "ulla");
        try (ProtocolClient alice = client(pair.get(0)); ProtocolClient victor = client(pair.get(1))) {
            long a = id(alice);
            long v = id(victor);
            long small = Math.min(a, v);
            long large = Math.max(a, v);
            String right = small + "&" + large;
            String reversed = large + "&" + small;

            refused(alice, alice.positional("create", right, "", "one2one", List.of(a, v, 1_000_000L), 0),
                    "'members' must name no one else");
            refused(alice, alice.positional("create", a + "&" + a, "", "one2one", List.of(a), 0),
                    "does not name two different users");
            refused(alice, alice.positional("create", newGid(), "", "one2one", List.of(v), 0),
                    "\"" + right + "\"");
            assertThat(chatIn(chatList(alice), reversed).isMissingNode()).isTrue();
            assertThat(chatIn(chatList(alice), right).isMissingNode()).isTrue();

            // the caller may name only the other user: the caller is always a member; the real clients sort
            // the ids as strings, so the larger id may come first (PROTOCOL.md section 3)
            JsonNode chat = ok(alice, alice.positional("create", reversed, "", "one2one", List.of(v), 0)).path("data");
            assertThat(chat.path("type").asText()).isEqualTo("one2one");
            assertThat(chat.path("gid").asText()).isEqualTo(reversed);
            assertThat(ids(chat.path("members"))).containsExactlyInAnyOrder(a, v);
            assertThat(ids(chat.path("admins"))).isEmpty();
            assertThat(chat.path("public").asBoolean(true)).isFalse();

            // the other side creating it too, in the other order, gets the same chat under the gid it was made with
            JsonNode same = ok(victor, victor.named("create", "gid", right, "type", "one2one",
                    "members", List.of(Map.of("id", a), Map.of("id", v)))).path("data");
            assertThat(same.path("id").asLong()).isEqualTo(chat.path("id").asLong());
            assertThat(same.path("gid").asText()).isEqualTo(reversed);
            assertThat(chatIn(chatList(victor), right).isMissingNode()).as("one chat, not two").isTrue();
        }
        // a pair no other suite opens a chat for (MessageDeliveryInvariants opens bob & carol's in the same server)
        try (ProtocolClient sam = client("sam"); ProtocolClient tess = client("tess"); ProtocolClient dave = client("dave")) {
            long s = id(sam);
            long t = id(tess);
            String theirs = Math.min(s, t) + "&" + Math.max(s, t);
            refused(dave, dave.positional("create", theirs, "", "one2one", List.of(s, t), 0), "only they can open it");
            assertThat(chatIn(chatList(sam), theirs).isMissingNode()).isTrue();
        }
    }

    @Test
    default void getListAfterLoginCarriesTheCallersStarHideAndMute() {
        String starred = newGid();
        String hidden = newGid();
        String muted = newGid();
        try (ProtocolClient bob = client("bob")) {
            createGroup(bob, starred, "starred", false);
            createGroup(bob, hidden, "hidden", false);
            createGroup(bob, muted, "muted", false);
            JsonNode star = ok(bob, bob.named("star", "gid", starred, "star", true)).path("data");
            assertThat(star.path("gid").asText()).isEqualTo(starred);
            assertThat(star.path("star").asBoolean()).isTrue();
            JsonNode hide = ok(bob, bob.positional("HIDE", hidden)).path("data");
            assertThat(hide.path("hide").asBoolean()).as("hide defaults to true").isTrue();
            JsonNode mute = ok(bob, bob.positional("mute", muted, 1)).path("data");
            assertThat(mute.path("mute").asBoolean()).isTrue();
            ok(bob, bob.named("star", "gid", muted, "star", true));
            JsonNode unstar = ok(bob, bob.named("star", "gid", muted, "star", false)).path("data");
            assertThat(unstar.path("star").asBoolean(true)).isFalse();
        }
        try (ProtocolClient bob = client()) {
            ok(bob, bob.named("login", "account", "bob", "password", WsClient.md5("123456"), "status", "online"));
            JsonNode chats = bob.push("getList");
            for (JsonNode chat : chats) {
                assertThat(chat.path("star").isBoolean()).as("star of " + chat).isTrue();
                assertThat(chat.path("hide").isBoolean()).as("hide of " + chat).isTrue();
                assertThat(chat.path("mute").isBoolean()).as("mute of " + chat).isTrue();
            }
            assertFlags(chatIn(chats, starred), true, false, false);
            assertFlags(chatIn(chats, hidden), false, true, false);
            assertFlags(chatIn(chats, muted), false, false, true);
            assertThat(chatIn(chats, "system").path("type").asText()).isEqualTo("system");
        }
    }

    private void assertFlags(JsonNode chat, boolean star, boolean hide, boolean mute) {
        assertThat(chat.isMissingNode()).isFalse();
        assertThat(chat.path("star").asBoolean()).as("star of " + chat).isEqualTo(star);
        assertThat(chat.path("hide").asBoolean()).as("hide of " + chat).isEqualTo(hide);
        assertThat(chat.path("mute").asBoolean()).as("mute of " + chat).isEqualTo(mute);
    }

    @Test
    default void publicChatsAreListedJoinedLeftAndMadePrivateWithPushesToTheMembers() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol")) {
            String open = newGid();
            String closed = newGid();
            createGroup(alice, open, "Open", true, id(carol));
            createGroup(alice, closed, "Closed", false);

            JsonNode publicList = ok(bob, bob.envelope("chat", "getPublicList", null)).path("data");
            assertThat(chatIn(publicList, open).path("public").asBoolean()).isTrue();
            assertThat(chatIn(publicList, closed).isMissingNode()).isTrue();

            JsonNode joined = ok(bob, bob.named("joinchat", "gid", open, "join", true)).path("data");
            assertThat(joined.path("gid").asText()).isEqualTo(open);
            assertThat(joined.path("join").asBoolean()).isTrue();
            assertThat(ids(joined.path("chat").path("members"))).contains(id(bob));
            assertThat(ids(pushFor(alice, "joinchat", open).path("members"))).contains(id(bob));
            assertThat(ids(pushFor(carol, "joinchat", open).path("members"))).contains(id(bob));

            JsonNode left = ok(bob, bob.positional("joinChat", open, false)).path("data");
            assertThat(left.path("join").asBoolean(true)).isFalse();
            assertThat(ids(left.path("chat").path("members"))).doesNotContain(id(bob));
            assertThat(ids(pushFor(alice, "joinchat", open).path("members"))).doesNotContain(id(bob));
            assertThat(ids(chatOf(alice, open).path("members"))).containsExactlyInAnyOrder(id(alice), id(carol));

            JsonNode madePrivate = ok(alice, alice.named("changepublic", "gid", open, "public", false)).path("data");
            assertThat(madePrivate.path("gid").asText()).isEqualTo(open);
            assertThat(madePrivate.path("public").asBoolean(true)).isFalse();
            assertThat(pushFor(carol, "changepublic", open).path("public").asBoolean(true)).isFalse();
            JsonNode after = ok(bob, bob.envelope("chat", "getpubliclist", null)).path("data");
            assertThat(chatIn(after, open).isMissingNode()).isTrue();

            JsonNode madePublic = ok(alice, alice.positional("changePublic", open)).path("data");
            assertThat(madePublic.path("public").asBoolean()).as("public defaults to true").isTrue();
            assertThat(chatOf(carol, open).path("public").asBoolean()).isTrue();
        }
    }

    @Test
    default void changenameIsPushedAndLeavesABroadcastMessageInTheChat() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = newGid();
            createGroup(alice, gid, "Before", false, id(bob));
            JsonNode renamed = ok(alice, alice.positional("changename", gid, "After")).path("data");
            assertThat(renamed.path("gid").asText()).isEqualTo(gid);
            assertThat(renamed.path("name").asText()).isEqualTo("After");

            JsonNode pushed = pushFor(bob, "changename", gid);
            assertThat(pushed.path("name").asText()).isEqualTo("After");
            assertThat(pushed.path("editedBy").asText()).isEqualTo("alice");
            assertThat(chatOf(bob, gid).path("name").asText()).isEqualTo("After");

            JsonNode messages = history(bob, gid);
            assertThat(messages).hasSize(1);
            JsonNode notice = messages.get(0);
            assertThat(notice.path("type").asText()).isEqualTo("broadcast");
            assertThat(notice.path("user").asLong()).isZero();
            assertThat(notice.path("contentType").asText()).isEqualTo("text");
            assertThat(notice.path("content").asText()).endsWith(" renamed the chat to \"After\".");
            assertThat(notice.path("cgid").asText()).isEqualTo(gid);
            assertThat(notice.path("gid").asText()).isNotBlank();

            refused(alice, alice.named("changeName", "gid", gid, "name", "  "), "name");
            assertThat(chatOf(alice, gid).path("name").asText()).isEqualTo("After");
        }
    }

    @Test
    default void addmemberInvitesAndRemovesWithPushesToMembersAndRemovedUsers() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol")) {
            String gid = newGid();
            createGroup(alice, gid, "Team", false, id(bob));

            JsonNode invited = ok(bob, bob.named("addmember", "gid", gid, "members", List.of(id(carol)))).path("data");
            assertThat(invited.path("gid").asText()).isEqualTo(gid);
            assertThat(ids(invited.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob), id(carol));
            assertThat(ids(pushFor(alice, "addmember", gid).path("members"))).contains(id(carol));
            assertThat(ids(pushFor(carol, "addmember", gid).path("members"))).contains(id(carol));

            JsonNode members = ok(carol, carol.positional("members", gid)).path("data");
            assertThat(members.path("gid").asText()).isEqualTo(gid);
            assertThat(ids(members.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob), id(carol));

            JsonNode kicked = ok(alice, alice.positional("ADDMEMBER", gid, List.of(id(carol)), false)).path("data");
            assertThat(ids(kicked.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));
            assertThat(ids(pushFor(carol, "addmember", gid).path("members"))).doesNotContain(id(carol));
            assertThat(ids(pushFor(bob, "addmember", gid).path("members"))).doesNotContain(id(carol));
            JsonNode named = ok(bob, bob.named("members", "gid", gid)).path("data");
            assertThat(ids(named.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));
        }
    }

    @Test
    default void setCommittersStoresAStringAndIsPushedToTheMembers() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = newGid();
            createGroup(alice, gid, "Announcements", false, id(bob));

            JsonNode asArray = ok(alice, alice.positional("setCommitters", gid, List.of(id(bob), id(alice))))
                    .path("data");
            assertThat(asArray.path("committers").isTextual()).isTrue();
            assertThat(asArray.path("committers").asText()).isEqualTo(id(bob) + "," + id(alice));
            assertThat(pushFor(bob, "setCommitters", gid).path("committers").asText())
                    .isEqualTo(id(bob) + "," + id(alice));

            JsonNode asString = ok(alice, alice.named("setcommitters", "gid", gid, "committers", "$ADMINS"))
                    .path("data");
            assertThat(asString.path("committers").asText()).isEqualTo("$ADMINS");
            assertThat(pushFor(bob, "setCommitters", gid).path("committers").asText()).isEqualTo("$ADMINS");

            refused(alice, alice.named("setCommitters", "gid", gid, "committers", "everyone"), "committers");
            assertThat(chatOf(bob, gid).path("committers").asText()).isEqualTo("$ADMINS");
        }
    }

    @Test
    default void messagesAreStoredOncePerGidAndImageContentIsReplacedOnResend() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = newGid();
            createGroup(alice, gid, "Messages", false, id(bob));

            String first = newGid();
            ObjectNode hello = message(first, gid, "hello").put("user", id(bob));
            JsonNode sent = ok(alice, send(alice, hello)).path("data");
            assertThat(sent).hasSize(1);
            JsonNode stored = sent.get(0);
            assertThat(stored.path("id").isIntegralNumber()).isTrue();
            assertThat(stored.path("gid").asText()).isEqualTo(first);
            assertThat(stored.path("cgid").asText()).isEqualTo(gid);
            assertThat(stored.path("user").asLong()).as("the sender is the caller").isEqualTo(id(alice));
            assertThat(stored.path("date").isIntegralNumber()).isTrue();
            assertThat(stored.path("date").asLong()).isPositive();
            assertThat(stored.path("type").asText()).isEqualTo("normal");
            assertThat(stored.path("contentType").asText()).isEqualTo("text");
            assertThat(stored.path("content").asText()).isEqualTo("hello");

            // re-sent in the document's shape (a bare array): nothing new, the stored message again
            JsonNode resent = ok(alice, sendBare(alice, message(first, gid, "changed"))).path("data");
            assertThat(resent.get(0).path("id").asLong()).isEqualTo(stored.path("id").asLong());
            assertThat(resent.get(0).path("content").asText()).isEqualTo("hello");

            // image: the content arrives as a JSON object and is replaced when its sender re-sends the gid
            String image = newGid();
            ObjectNode pending = message(image, gid, "").put("contentType", "image");
            pending.set("content", ProtocolJson.toTree(Map.of("name", "cat.png", "size", 12)));
            JsonNode uploading = ok(alice, send(alice, pending)).path("data").get(0);
            assertThat(ProtocolJson.mapper().readTree(uploading.path("content").asText()).path("name").asText())
                    .isEqualTo("cat.png");
            ObjectNode done = message(image, gid, "").put("contentType", "image");
            done.set("content", ProtocolJson.toTree(Map.of("name", "cat.png", "size", 12, "id", 77)));
            JsonNode uploaded = ok(alice, send(alice, done)).path("data").get(0);
            assertThat(uploaded.path("id").asLong()).isEqualTo(uploading.path("id").asLong());
            assertThat(ProtocolJson.mapper().readTree(uploaded.path("content").asText()).path("id").asInt())
                    .isEqualTo(77);
            // another member re-sending that gid replaces nothing
            ObjectNode hijack = message(image, gid, "{\"name\":\"evil.png\"}").put("contentType", "image");
            JsonNode notReplaced = ok(bob, send(bob, hijack)).path("data").get(0);
            assertThat(notReplaced.path("content").asText()).doesNotContain("evil");

            JsonNode history = history(bob, gid);
            assertThat(gids(history)).containsExactly(image, first);
            assertThat(ProtocolJson.mapper().readTree(history.get(0).path("content").asText()).path("id").asInt())
                    .isEqualTo(77);

            // refused requests store nothing
            refused(alice, send(alice, message(newGid(), gid, "a"), message(newGid(), newGid(), "b")), "same chat");
            refused(alice, send(alice, message(newGid(), gid, "x".repeat(32_001))), "32000");
            refused(alice, send(alice, message(newGid(), newGid(), "nowhere")), "does not exist");
            refused(alice, send(alice, message(newGid(), gid, "t").put("contentType", "video")), "contentType");
            refused(alice, alice.named("message", "messages", List.of()), "messages");
            assertThat(gids(history(alice, gid))).containsExactly(image, first);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    default void historyPagesNewestFirstWithThePagerAtTopLevel() {
        try (ProtocolClient carol = client("carol")) {
            String gid = newGid();
            createGroup(carol, gid, "History", false);
            ObjectNode[] five = new ObjectNode[5];
            for (int i = 0; i < five.length; i++) {
                five[i] = message("h" + i + "-" + newGid(), gid, "message " + i);
            }
            JsonNode stored = ok(carol, send(carol, five)).path("data");
            assertThat(stored).hasSize(5);
            assertThat(stored.get(4).path("id").asLong()).isGreaterThan(stored.get(0).path("id").asLong());

            JsonNode first = ok(carol, carol.named("history", "gid", gid, "recPerPage", 2, "pageID", 1));
            assertThat(first.path("data").findValuesAsText("content")).containsExactly("message 4", "message 3");
            JsonNode pager = first.path("pager");
            assertThat(pager.path("recPerPage").asInt()).isEqualTo(2);
            assertThat(pager.path("pageID").asInt()).isEqualTo(1);
            assertThat(pager.path("recTotal").asInt()).isEqualTo(5);
            assertThat(pager.path("gid").asText()).isEqualTo(gid);
            assertThat(pager.path("continued").isBoolean()).isTrue();
            assertThat(pager.path("continued").asBoolean(true)).isFalse();

            JsonNode last = ok(carol, carol.positional("History", gid, 2, 3, 0, true));
            assertThat(last.path("method").asText()).isEqualTo("History");
            assertThat(last.path("data").findValuesAsText("content")).containsExactly("message 0");
            assertThat(last.path("pager").path("pageID").asInt()).isEqualTo(3);
            assertThat(last.path("pager").path("recTotal").asInt()).isEqualTo(5);
            assertThat(last.path("pager").path("continued").asBoolean()).isTrue();

            JsonNode beyond = ok(carol, carol.positional("history", gid, 2, 4));
            assertThat(beyond.path("data").isArray()).isTrue();
            assertThat(beyond.path("data")).isEmpty();

            JsonNode defaults = ok(carol, carol.positional("history", gid));
            assertThat(defaults.path("data")).hasSize(5);
            assertThat(defaults.path("pager").path("recPerPage").asInt()).isEqualTo(20);
            assertThat(defaults.path("pager").path("pageID").asInt()).isEqualTo(1);

            JsonNode capped = ok(carol, carol.named("history", "gid", gid, "recPerPage", 5000));
            assertThat(capped.path("pager").path("recPerPage").asInt()).isEqualTo(200);
        }
    }

    @Test
    default void dismissIsForTheAdminsPushedToTheMembersAndEndsMessagesAndChangesButNotHistory() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = newGid();
            createGroup(alice, gid, "Project X", false, id(bob));
            ok(bob, send(bob, message(newGid(), gid, "before the end")));
            assertThat(chatOf(bob, gid).path("dismissDate").asLong(-1)).isZero();

            refused(bob, bob.positional("dismiss", gid), "Only admins of this chat may dismiss it.");
            JsonNode dismissed = ok(alice, alice.positional("dismiss", gid)).path("data");
            assertThat(dismissed.path("gid").asText()).isEqualTo(gid);
            long date = dismissed.path("dismissDate").asLong();
            assertThat(date).isPositive();
            JsonNode pushed = pushFor(bob, "dismiss", gid);
            assertThat(pushed.path("dismissDate").asLong()).isEqualTo(date);
            assertThat(chatOf(bob, gid).path("dismissDate").asLong()).isEqualTo(date);

            refused(bob, send(bob, message(newGid(), gid, "after the end")), "This chat was dismissed");
            refused(alice, alice.positional("changename", gid, "Project Y"), "This chat was dismissed");
            assertThat(history(bob, gid).findValuesAsText("content")).containsExactly("before the end");
            // again: the first dismissal's answer
            assertThat(ok(alice, alice.named("dismiss", "gid", gid)).path("data").path("dismissDate").asLong())
                    .isEqualTo(date);
        }
    }

    @Test
    default void categoryFilesTheCallersOwnChatsAndGetListShowsIt() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String work = newGid();
            String team = newGid();
            String notMine = newGid();
            createGroup(alice, work, "Work", false, id(bob));
            createGroup(bob, team, "Team", false, id(alice));
            createGroup(bob, notMine, "Bob's", false);

            JsonNode filed = ok(alice, alice.positional("category", List.of(work, team), "Projects")).path("data");
            assertThat(filed.path("gids").toString()).isEqualTo("[\"" + work + "\",\"" + team + "\"]");
            assertThat(filed.path("category").asText()).isEqualTo("Projects");
            JsonNode mine = chatList(alice);
            assertThat(chatIn(mine, work).path("category").asText()).isEqualTo("Projects");
            assertThat(chatIn(mine, team).path("category").asText()).isEqualTo("Projects");
            assertThat(chatOf(bob, work).path("category").asText("absent")).as("each member's own").isEmpty();

            refused(alice, alice.positional("category", List.of(work, notMine), "Other"), notMine);
            assertThat(chatOf(alice, work).path("category").asText()).as("nothing changed").isEqualTo("Projects");
        }
    }

    @Test
    default void aMessagesOrderIsAnsweredPushedKeptInHistoryAndSyncedAtLogin() {
        String gid = newGid();
        String live = newGid();
        String whileAway = newGid();
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            createGroup(alice, gid, "Ordered", false, id(bob));
            JsonNode answered = ok(alice, send(alice, message(live, gid, "one").put("order", 41))).path("data");
            assertThat(answered.get(0).path("order").asLong()).isEqualTo(41);
            List<JsonNode> pushed = messagesPushedUntil(bob, gid, live);
            assertThat(pushed.get(pushed.size() - 1).path("order").asLong()).isEqualTo(41);
        }
        try (ProtocolClient alice = client("alice")) {
            ok(alice, send(alice, message(whileAway, gid, "two").put("order", 42)));
        }
        try (ProtocolClient bob = client("bob")) {
            List<JsonNode> synced = messagesPushedUntil(bob, gid, whileAway);
            assertThat(synced.get(synced.size() - 1).path("order").asLong()).isEqualTo(42);
            JsonNode history = history(bob, gid);
            assertThat(gids(history)).containsExactly(whileAway, live);
            assertThat(history.findValuesAsText("order")).containsExactly("42", "41");
        }
    }

    @Test
    default void historyFromAStartDateCountsAndPagesOnlyTheMessagesSinceThen() {
        try (ProtocolClient carol = client("carol")) {
            String gid = newGid();
            createGroup(carol, gid, "Dated", false);
            long base = 1_690_000_000L;
            for (int day = 1; day <= 3; day++) {
                ok(carol, send(carol, message(newGid(), gid, "day " + day).put("date", base + day * 86_400L)));
            }
            // the 2.x client: [gid, 50, pageID, recTotal, true, startDate], here in milliseconds
            JsonNode since = ok(carol, carol.positional("history", gid, 50, 1, 0, true, (base + 2 * 86_400L) * 1000));
            assertThat(since.path("data").findValuesAsText("content")).containsExactly("day 3", "day 2");
            assertThat(since.path("pager").path("recTotal").asInt()).isEqualTo(2);

            JsonNode secondPage = ok(carol, carol.named("history", "gid", gid, "recPerPage", 1, "pageID", 2,
                    "startDate", base + 2 * 86_400L));
            assertThat(secondPage.path("data").findValuesAsText("content")).containsExactly("day 2");
            assertThat(secondPage.path("pager").path("recTotal").asInt()).isEqualTo(2);

            assertThat(ok(carol, carol.positional("history", gid, 50, 1, 0, true, 0)).path("pager").path("recTotal")
                    .asInt()).as("0: no start date").isEqualTo(3);
        }
    }

    @Test
    default void createOfATakenGidShowsTheChatToMembersAndForPublicGroupsOnly() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient dave = client("dave")) {
            String secret = newGid();
            String open = newGid();
            createGroup(alice, secret, "Secret plans", false, id(bob));
            createGroup(alice, open, "Open plans", true);

            // the 2.x client asks for a chat it does not know with [cgid, "", "", "", 0, false]
            assertThat(ok(bob, bob.positional("create", secret, "", "", "", 0, false)).path("data").path("name")
                    .asText()).isEqualTo("Secret plans");
            JsonNode refused = refused(dave, dave.positional("create", secret, "", "", "", 0, false), "taken");
            assertThat(refused.path("data").isMissingNode() || refused.path("data").isNull()).isTrue();
            assertThat(refused.toString()).doesNotContain("Secret plans");
            JsonNode shown = ok(dave, dave.positional("create", open, "", "", "", 0, false)).path("data");
            assertThat(shown.path("name").asText()).isEqualTo("Open plans");
            assertThat(ids(shown.path("members"))).doesNotContain(id(dave));
            assertThat(chatIn(chatList(dave), open).isMissingNode()).as("not made a member").isTrue();
        }
    }

    private List<String> gidsOf(JsonNode chats) {
        return chats.findValuesAsText("gid");
    }
}
