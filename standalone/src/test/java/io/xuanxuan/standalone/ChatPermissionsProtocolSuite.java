package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every row of the permission table of PROTOCOL.md section 4 that the chat service owns, allowed and
 * refused; a refusal is {@code fail} with a message, and reading back shows that it changed nothing.
 * ({@code settings} is presence's and tested in UserMethodsProtocolSuite; file downloads belong to the
 * file service.)
 */
public interface ChatPermissionsProtocolSuite extends ChatProtocolSupport {

    @Test
    default void onlyMembersReadHistoryAndMembersAndSetTheirOwnStarHideMute() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient dave = client("dave")) {
            String gid = newGid();
            createGroup(alice, gid, "Members only", false, id(bob));
            String said = newGid();
            ok(alice, send(alice, message(said, gid, "secret")));

            refused(dave, dave.named("history", "gid", gid), "not a member");
            refused(dave, dave.positional("members", gid), "not a member");
            refused(dave, dave.named("star", "gid", gid), "not a member");
            refused(dave, dave.positional("hide", gid, true), "not a member");
            refused(dave, dave.named("mute", "gid", gid, "mute", true), "not a member");
            assertThat(chatIn(chatList(dave), gid).isMissingNode()).as("dave sees the chat").isTrue();

            assertThat(gids(history(bob, gid))).containsExactly(said);
            assertThat(ids(ok(bob, bob.named("members", "gid", gid)).path("data").path("members")))
                    .containsExactlyInAnyOrder(id(alice), id(bob));
            ok(bob, bob.named("star", "gid", gid));
            ok(bob, bob.named("hide", "gid", gid));
            ok(bob, bob.named("mute", "gid", gid));
            JsonNode bobs = chatOf(bob, gid);
            assertThat(bobs.path("star").asBoolean() && bobs.path("hide").asBoolean() && bobs.path("mute").asBoolean())
                    .isTrue();
            JsonNode alices = chatOf(alice, gid);
            assertThat(alices.path("star").asBoolean() || alices.path("hide").asBoolean()
                    || alices.path("mute").asBoolean()).as("flags are each member's own").isFalse();
        }
    }

    @Test
    default void committersDecideWhichMembersMayPost() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol");
             ProtocolClient dave = client("dave")) {
            String gid = newGid();
            createGroup(alice, gid, "Committers", false, id(bob), id(carol));
            List<String> accepted = new ArrayList<>();

            accepted.add(posted(bob, gid));
            refused(dave, send(dave, message(newGid(), gid, "not a member")), "not a member");

            ok(alice, alice.named("setCommitters", "gid", gid, "committers", "$ADMINS"));
            refused(bob, send(bob, message(newGid(), gid, "admins only")), "Only admins");
            accepted.add(posted(alice, gid));

            ok(alice, alice.positional("setCommitters", gid, String.valueOf(id(carol))));
            accepted.add(posted(carol, gid));
            refused(bob, send(bob, message(newGid(), gid, "whitelist")), "not among the users allowed");
            refused(alice, send(alice, message(newGid(), gid, "whitelist")), "not among the users allowed");

            ok(alice, alice.positional("setCommitters", gid, "$ALL"));
            accepted.add(posted(bob, gid));
            ok(alice, alice.positional("setCommitters", gid, ""));
            accepted.add(posted(carol, gid));

            List<String> newestFirst = new ArrayList<>(accepted);
            java.util.Collections.reverse(newestFirst);
            assertThat(gids(history(alice, gid))).containsExactlyElementsOf(newestFirst);
        }
    }

    private String posted(ProtocolClient sender, String gid) {
        String messageGid = newGid();
        JsonNode stored = ok(sender, send(sender, message(messageGid, gid, "from " + sender.user.path("account"))))
                .path("data");
        assertThat(stored.get(0).path("user").asLong()).isEqualTo(id(sender));
        return messageGid;
    }

    @Test
    default void membersOfAGroupChatMayRenameChangePublicAndInviteOthersMayNot() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient dave = client("dave")) {
            String gid = newGid();
            createGroup(alice, gid, "Original", false, id(bob));
            String pair = Math.min(id(alice), id(bob)) + "&" + Math.max(id(alice), id(bob));
            ok(alice, alice.positional("create", pair, "", "one2one", List.of(id(alice), id(bob)), 0));

            refused(dave, dave.named("changename", "gid", gid, "name", "Dave's"), "Only members");
            refused(dave, dave.named("changepublic", "gid", gid, "public", true), "Only members");
            refused(dave, dave.named("addmember", "gid", gid, "members", List.of(id(dave))), "Only members");
            JsonNode unchanged = chatOf(alice, gid);
            assertThat(unchanged.path("name").asText()).isEqualTo("Original");
            assertThat(unchanged.path("public").asBoolean()).isFalse();
            assertThat(ids(unchanged.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));
            assertThat(history(alice, gid)).as("no rename notice").isEmpty();

            refused(bob, bob.named("changename", "gid", pair, "name", "Us"), "Only group chats");
            refused(bob, bob.named("changepublic", "gid", pair), "Only group chats");
            refused(bob, bob.named("addmember", "gid", pair, "members", List.of(id(dave))), "Only group chats");
            JsonNode one2one = chatOf(alice, pair);
            assertThat(one2one.path("name").asText()).isEmpty();
            assertThat(one2one.path("public").asBoolean()).isFalse();
            assertThat(ids(one2one.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));

            ok(bob, bob.named("changename", "gid", gid, "name", "Renamed by bob"));
            ok(bob, bob.named("changepublic", "gid", gid, "public", true));
            ok(bob, bob.named("addmember", "gid", gid, "members", List.of(id(dave))));
            JsonNode changed = chatOf(dave, gid);
            assertThat(changed.path("name").asText()).isEqualTo("Renamed by bob");
            assertThat(changed.path("public").asBoolean()).isTrue();
            assertThat(ids(changed.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob), id(dave));
        }
    }

    @Test
    default void onlyAdminsOfAChatMayRemoveMembersAndSetCommitters() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol")) {
            String gid = newGid();
            createGroup(alice, gid, "Admins", false, id(bob), id(carol));

            refused(bob, bob.positional("addmember", gid, List.of(id(carol)), false),
                    "Only admins of this chat may remove members.");
            refused(bob, bob.positional("setCommitters", gid, "$ADMINS"), "Only admins of this chat");
            JsonNode unchanged = chatOf(carol, gid);
            assertThat(ids(unchanged.path("members"))).contains(id(carol));
            assertThat(unchanged.path("committers").asText()).isEmpty();

            ok(alice, alice.positional("addmember", gid, List.of(id(carol)), false));
            ok(alice, alice.positional("setCommitters", gid, "$ADMINS"));
            JsonNode changed = chatOf(bob, gid);
            assertThat(ids(changed.path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));
            assertThat(changed.path("committers").asText()).isEqualTo("$ADMINS");
            assertThat(chatIn(chatList(carol), gid).isMissingNode()).as("carol was removed").isTrue();
        }
    }

    /**
     * Chat keeps the chats it checks every message against in memory: a change of members or of who may post
     * holds for the very next message, from a member who posted just before it (so the chat was in memory).
     */
    @Test
    default void aRemovedMemberOrOneWhoLeftCannotPostWithTheVeryNextMessage() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol");
             ProtocolClient dave = client("dave")) {
            String gid = newGid();
            createGroup(alice, gid, "Changing", false, id(bob), id(carol), id(dave));
            List<String> accepted = new ArrayList<>();
            accepted.add(posted(bob, gid));
            accepted.add(posted(carol, gid));
            accepted.add(posted(dave, gid));

            ok(alice, alice.positional("addmember", gid, List.of(id(bob)), false));
            refused(bob, send(bob, message(newGid(), gid, "removed a moment ago")), "not a member");

            ok(carol, carol.positional("joinchat", gid, false));
            refused(carol, send(carol, message(newGid(), gid, "left a moment ago")), "not a member");

            ok(alice, alice.positional("setCommitters", gid, "$ADMINS"));
            refused(dave, send(dave, message(newGid(), gid, "admins only now")), "Only admins");
            accepted.add(posted(alice, gid));

            ok(alice, alice.positional("addmember", gid, List.of(id(bob)), true));
            ok(alice, alice.positional("setCommitters", gid, ""));
            accepted.add(posted(bob, gid));

            List<String> newestFirst = new ArrayList<>(accepted);
            java.util.Collections.reverse(newestFirst);
            assertThat(gids(history(alice, gid))).containsExactlyElementsOf(newestFirst);
        }
    }

    @Test
    default void anyoneMayJoinPublicGroupChatsButNoOthers() {
        try (ProtocolClient alice = client("alice"); ProtocolClient carol = client("carol"); ProtocolClient dave = client("dave")) {
            String open = newGid();
            String closed = newGid();
            createGroup(alice, open, "Open", true);
            createGroup(alice, closed, "Closed", false);
            String pair = Math.min(id(alice), id(carol)) + "&" + Math.max(id(alice), id(carol));
            ok(alice, alice.positional("create", pair, "", "one2one", List.of(id(carol)), 0));

            refused(dave, dave.named("joinchat", "gid", closed), "Only public group chats can be joined");
            refused(dave, dave.named("joinchat", "gid", pair, "join", true), "Only public group chats can be joined");
            refused(dave, dave.named("joinchat", "gid", "system-" + newGid()), "does not exist");
            assertThat(ids(chatOf(alice, closed).path("members"))).containsExactly(id(alice));
            assertThat(ids(chatOf(alice, pair).path("members"))).containsExactlyInAnyOrder(id(alice), id(carol));

            ok(dave, dave.positional("joinchat", open));
            assertThat(ids(chatOf(alice, open).path("members"))).containsExactlyInAnyOrder(id(alice), id(dave));
        }
    }

    @Test
    default void membersMayLeaveGroupChatsButNotOneToOneChats() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob"); ProtocolClient dave = client("dave")) {
            String gid = newGid();
            createGroup(alice, gid, "Leaving", false, id(bob));
            String pair = Math.min(id(alice), id(bob)) + "&" + Math.max(id(alice), id(bob));
            ok(alice, alice.positional("create", pair, "", "one2one", List.of(id(alice), id(bob)), 0));

            refused(dave, dave.positional("joinchat", gid, false), "not a member");
            refused(bob, bob.positional("joinchat", pair, false), "Only group chats can be left");
            assertThat(ids(chatOf(alice, pair).path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));
            assertThat(ids(chatOf(alice, gid).path("members"))).containsExactlyInAnyOrder(id(alice), id(bob));

            ok(bob, bob.positional("joinchat", gid, false));
            assertThat(ids(chatOf(alice, gid).path("members"))).containsExactly(id(alice));
            assertThat(chatIn(chatList(bob), gid).isMissingNode()).isTrue();
        }
    }

    /**
     * Every user is a member of the system chat, so by default only its admins post there, and while it has
     * none the system administrators (issue 10: one post there reaches everyone); a configured role may be
     * let in too, see ChatRulesProtocolSuite.
     */
    @Test
    default void theSystemChatHasEveryUserOnlySuperAdminsSetItsAdminsAndThenOnlyThoseAdminsPost() throws Exception {
        try (ProtocolClient admin = client("admin"); ProtocolClient bob = client("bob"); ProtocolClient carol = client("carol")) {
            List<Long> everyone = idsOfUsers(admin);
            JsonNode system = systemChatWithEveryone(admin, everyone);
            assertThat(system.path("type").asText()).isEqualTo("system");
            assertThat(system.path("name").asText()).isEqualTo("System");
            assertThat(ids(system.path("admins"))).isEmpty();
            refused(bob, send(bob, message(newGid(), "system", "not a system administrator")),
                    "Only system administrators");
            accepted(admin, "a system administrator, before admins are set");

            refused(bob, bob.named("setAdmin", "gid", "system", "admins", List.of(id(bob))),
                    "Only system administrators");
            String group = newGid();
            createGroup(admin, group, "Not a system chat", false, id(bob));
            refused(admin, admin.named("setAdmin", "gid", group, "admins", List.of(id(bob))),
                    "only be set on system chats");
            assertThat(ids(chatOf(admin, "system").path("admins"))).isEmpty();
            assertThat(ids(chatOf(bob, group).path("admins"))).containsExactly(id(admin));

            try {
                JsonNode set = ok(admin, admin.named("setadmin", "gid", "system", "admins", List.of(id(bob))))
                        .path("data");
                assertThat(ids(set.path("admins"))).containsExactly(id(bob));
                assertThat(ids(pushFor(carol, "setAdmin", "system").path("admins"))).containsExactly(id(bob));

                refused(carol, send(carol, message(newGid(), "system", "not an admin")),
                        "Only the admins of the system chat");
                refused(admin, send(admin, message(newGid(), "system", "super, but not an admin of the chat")),
                        "Only the admins of the system chat");
                String bobs = accepted(bob, "an admin of the system chat");

                // admins of the chat, not system administrators, set who may post
                refused(admin, admin.positional("setCommitters", "system", "$ADMINS"), "Only admins of this chat");
                ok(bob, bob.positional("setCommitters", "system", "$ADMINS"));
                assertThat(pushFor(carol, "setCommitters", "system").path("committers").asText()).isEqualTo("$ADMINS");
                assertThat(gids(ok(carol, carol.positional("history", "system", 5)).path("data"))).contains(bobs);
            } finally {
                bob.request(bob.positional("setCommitters", "system", ""));
                admin.request(admin.positional("setAdmin", "system", List.of(id(bob)), false));
            }
            JsonNode restored = chatOf(carol, "system");
            assertThat(ids(restored.path("admins"))).isEmpty();
            assertThat(restored.path("committers").asText()).isEmpty();
            refused(carol, send(carol, message(newGid(), "system", "admins removed again")),
                    "Only system administrators");
            accepted(admin, "admins removed again");
        }
    }

    private String accepted(ProtocolClient sender, String text) {
        String gid = newGid();
        ok(sender, send(sender, message(gid, "system", text)));
        return gid;
    }

    private List<Long> idsOfUsers(ProtocolClient client) {
        List<Long> list = new ArrayList<>();
        ok(client, client.envelope("chat", "userGetlist", null)).path("data")
                .forEach(user -> list.add(user.path("id").asLong()));
        return list;
    }

    /** The system chat once chat has heard of every user (presence announces them at start-up). */
    private JsonNode systemChatWithEveryone(ProtocolClient member, List<Long> everyone) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        Waits.within(Duration.ofSeconds(5), Duration.ofMillis(100), () -> {
            last[0] = chatOf(member, "system");
            return ids(last[0].path("members")).containsAll(everyone);
        });
        JsonNode system = last[0];
        assertThat(ids(system.path("members"))).containsExactlyInAnyOrderElementsOf(everyone);
        return system;
    }
}
