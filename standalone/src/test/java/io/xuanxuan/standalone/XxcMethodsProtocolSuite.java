package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every method of the 2.3 client's table (xxc-2x-dialect.md A.6), over the encrypted socket, with the exact
 * reply strings the client listens for: {@code sendAndListen} methods are awaited with exactly the module and
 * method sent ({@link XxcClient#expect(String, String)}); for the fire-and-forget ones the client's handler
 * table is lowercased, so their replies are matched ignoring case ({@link #handled}).
 */
public interface XxcMethodsProtocolSuite extends XxcProtocolSupport {

    @Test
    default void usergetlistAnswersEveryoneOrThePartialListAsked() {
        try (XxcClient dan = xxcLogin("xdan")) {
            JsonNode all = dan.call("usergetlist", XxcClient.params(""));
            assertSuccess(all);
            assertThat(texts(all.path("data"), "account")).contains("xdan", "xeve", "xfay");
            assertThat(all.path("partial").asBoolean(false)).isFalse();

            long eve = idOf("xeve");
            JsonNode some = dan.call("usergetlist", XxcClient.params(List.of(eve)));
            assertSuccess(some);
            assertThat(some.path("partial").asBoolean(false)).as("ids asked: the client must merge, not replace: " + some)
                    .isTrue();
            assertThat(longs(some.path("data"), "id")).contains(eve);
        }
    }

    @Test
    default void settingsAreSavedAsAnObjectAndReadBack() {
        try (XxcClient dan = xxcLogin("xdan")) {
            ObjectNode settings = ProtocolJson.nodes().objectNode().put("lastSaveTime", 1_700_000_123_456L)
                    .put("ui.chat.sendHotkey", "Ctrl+Enter");
            JsonNode saved = dan.call("settings", XxcClient.params("xdan", settings));
            assertSuccess(saved);

            JsonNode read = dan.call("settings", XxcClient.params("xdan", ""));
            assertSuccess(read);
            assertThat(read.path("data").path("lastSaveTime").asLong()).as(read.toString()).isEqualTo(1_700_000_123_456L);
            assertThat(read.path("data").path("ui.chat.sendHotkey").asText()).isEqualTo("Ctrl+Enter");
        }
    }

    @Test
    default void createIsPushedToTheOtherOnlineMemberAndAnExistingChatIsFetchedByMembersOnly() {
        try (XxcClient dan = xxcLogin("xdan"); XxcClient eve = xxcLogin("xeve"); XxcClient fay = xxcLogin("xfay")) {
            String gid = newGid();
            JsonNode chat = createGroup(dan, gid, "Plans", dan.userId(), eve.userId());
            assertThat(chat.path("gid").asText()).isEqualTo(gid);
            assertThat(chat.path("name").asText()).isEqualTo("Plans");
            assertThat(chat.path("type").asText()).isEqualTo("group");
            assertThat(chat.path("members").toString()).contains(String.valueOf(eve.userId()));

            // the member learns of the chat before its first message
            JsonNode pushed = eve.expect("chat", "create");
            assertThat(pushed.path("data").path("gid").asText()).as(pushed.toString()).isEqualTo(gid);

            // [cgid,"","","",0,false]: how the client fetches a chat it does not know
            JsonNode fetched = eve.call("create", XxcClient.params(gid, "", "", "", 0, false));
            assertSuccess(fetched);
            assertThat(fetched.path("data").path("gid").asText()).isEqualTo(gid);
            assertThat(fetched.path("data").path("name").asText()).isEqualTo("Plans");

            JsonNode outsider = fay.call("create", XxcClient.params(gid, "", "", "", 0, false));
            assertFail(outsider);
            assertThat(outsider.toString()).as("nothing of the chat leaked").doesNotContain("Plans");

            JsonNode list = eve.call("getlist", null);
            assertSuccess(list);
            assertThat(texts(list.path("data"), "gid")).contains(gid);
        }
    }

    @Test
    default void messageIsEchoedToTheSenderWithItsOrderAndPushedToTheMember() {
        try (XxcClient dan = xxcLogin("xdan"); XxcClient eve = xxcLogin("xeve")) {
            String gid = newGid();
            createGroup(dan, gid, "Talk", dan.userId(), eve.userId());
            ObjectNode message = message(dan, gid, "hello from 2.x", 7);

            JsonNode reply = sendMessages(dan, message);
            assertThat(reply.path("result").asText()).as("without success the message turns failed: " + reply)
                    .isEqualTo("success");
            JsonNode stored = reply.path("data").path(0);
            assertThat(stored.path("gid").asText()).isEqualTo(message.path("gid").asText());
            assertThat(stored.path("id").isIntegralNumber()).as(stored.toString()).isTrue();
            assertThat(stored.path("id").asLong()).isPositive();
            assertThat(stored.path("order").asInt()).as(stored.toString()).isEqualTo(7);
            assertThat(stored.path("cgid").asText()).isEqualTo(gid);
            assertThat(stored.path("content").asText()).isEqualTo("hello from 2.x");
            assertThat(stored.path("user").asLong()).isEqualTo(dan.userId());
            assertThat(stored.path("date").asLong()).isPositive();

            JsonNode pushed = messagePush(eve, message.path("gid").asText());
            assertThat(pushed.path("data").path(0).path("order").asInt()).isEqualTo(7);
        }
    }

    @Test
    default void historyFollowsThePagerAndTheStartDate() {
        try (XxcClient dan = xxcLogin("xdan")) {
            String gid = newGid();
            createGroup(dan, gid, "History", dan.userId(), idOf("xeve"));
            long first = 0;
            long last = 0;
            for (int i = 1; i <= 3; i++) {
                JsonNode reply = sendMessages(dan, message(dan, gid, "message " + i, i));
                assertSuccess(reply);
                long date = reply.path("data").path(0).path("date").asLong();
                first = first == 0 ? date : first;
                last = date;
            }

            // fire-and-forget: [gid, recPerPage, pageID, recTotal, continued, startDate]
            dan.send("chat", "history", XxcClient.params(gid, 2, 1, 0, true, 0));
            JsonNode page1 = handled(dan, "history");
            assertThat(page1.path("data").size()).as(page1.toString()).isEqualTo(2);
            JsonNode pager = page1.path("pager");
            assertThat(pager.path("recTotal").asInt()).as(page1.toString()).isEqualTo(3);
            assertThat(pager.path("recPerPage").asInt()).isEqualTo(2);
            assertThat(pager.path("pageID").asInt()).isEqualTo(1);
            assertThat(pager.path("gid").asText()).isEqualTo(gid);
            assertThat(pager.has("continued")).as(page1.toString()).isTrue();

            dan.send("chat", "history", XxcClient.params(gid, 2, 2, 3, true, 0));
            JsonNode page2 = handled(dan, "history");
            assertThat(page2.path("data").size()).as(page2.toString()).isEqualTo(1);
            assertThat(page2.path("pager").path("pageID").asInt()).isEqualTo(2);

            // a start date: only messages at or after it (seconds, or milliseconds as the client may send)
            assertThat(historyFrom(dan, gid, first)).as("from the first message's date").hasSize(3);
            assertThat(historyFrom(dan, gid, last + 1)).as("after the last message").isEmpty();
            assertThat(historyFrom(dan, gid, first * 1000)).as("milliseconds, from the first").hasSize(3);
            assertThat(historyFrom(dan, gid, (last + 1) * 1000)).as("milliseconds, after the last").isEmpty();
        }
    }

    private List<String> historyFrom(XxcClient client, String gid, long startDate) {
        client.send("chat", "history", XxcClient.params(gid, 50, 1, 0, true, startDate));
        JsonNode reply = handled(client, "history");
        assertThat(reply.path("pager").path("gid").asText()).as(reply.toString()).isEqualTo(gid);
        return texts(reply.path("data"), "gid");
    }

    @Test
    default void publicChatsAreListedAndJoinedAndMembersAddedAndKicked() {
        try (XxcClient dan = xxcLogin("xdan"); XxcClient fay = xxcLogin("xfay")) {
            String gid = newGid();
            createGroup(dan, gid, "Open", dan.userId(), idOf("xeve"));

            dan.send("chat", "changePublic", XxcClient.params(gid, true));
            JsonNode madePublic = handled(dan, "changepublic");
            assertSuccess(madePublic);
            assertThat(madePublic.path("data").path("public").asBoolean()).as(madePublic.toString()).isTrue();
            assertThat(madePublic.path("data").path("gid").asText()).isEqualTo(gid);

            JsonNode publicList = fay.call("getpubliclist", null);
            assertSuccess(publicList);
            assertThat(texts(publicList.path("data"), "gid")).contains(gid);

            JsonNode joined = fay.call("joinchat", XxcClient.params(gid, true));
            assertSuccess(joined);
            assertThat(joined.path("data").path("gid").asText()).as("data is the chat: " + joined).isEqualTo(gid);
            assertThat(joined.path("data").path("members").toString()).contains(String.valueOf(fay.userId()));

            long gus = idOf("xgus");
            JsonNode added = dan.call("addmember", XxcClient.params(gid, List.of(gus), true));
            assertSuccess(added);
            assertThat(added.path("data").path("gid").asText()).as(added.toString()).isEqualTo(gid);
            assertThat(added.path("data").path("members").toString()).contains(String.valueOf(gus));

            JsonNode kicked = dan.call("addmember", XxcClient.params(gid, List.of(gus), false));
            assertSuccess(kicked);
            assertThat(kicked.path("data").path("members").toString()).doesNotContain(String.valueOf(gus));

            JsonNode renamed = dan.call("changename", XxcClient.params(gid, "Open door"));
            assertSuccess(renamed);
            assertThat(renamed.path("data").path("gid").asText()).isEqualTo(gid);
            assertThat(renamed.path("data").path("name").asText()).isEqualTo("Open door");
        }
    }

    @Test
    default void dismissEndsAGroupForItsMembersAndItRefusesMessagesAfterwards() {
        try (XxcClient dan = xxcLogin("xdan"); XxcClient eve = xxcLogin("xeve")) {
            String gid = newGid();
            createGroup(dan, gid, "Short-lived", dan.userId(), eve.userId());
            eve.expect("chat", "create");

            JsonNode refused = eve.call("dismiss", XxcClient.params(gid));
            assertFail(refused);

            JsonNode dismissed = dan.call("dismiss", XxcClient.params(gid));
            assertSuccess(dismissed);
            assertThat(dismissed.path("data").path("gid").asText()).as(dismissed.toString()).isEqualTo(gid);
            assertThat(dismissed.path("data").path("dismissDate").asLong()).as(dismissed.toString()).isPositive();
            JsonNode pushed = handled(eve, "dismiss");
            assertThat(pushed.path("data").path("gid").asText()).as(pushed.toString()).isEqualTo(gid);

            JsonNode message = sendMessages(eve, message(eve, gid, "too late", 1));
            assertFail(message);
        }
    }

    @Test
    default void committersStarMuteHideAndCategoryAreAnsweredWithTheirValues() {
        try (XxcClient dan = xxcLogin("xdan")) {
            String gid = newGid();
            String other = newGid();
            createGroup(dan, gid, "Flags", dan.userId(), idOf("xeve"));
            createGroup(dan, other, "Flags too", dan.userId(), idOf("xeve"));

            dan.send("chat", "setCommitters", XxcClient.params(gid, "$ADMINS"));
            JsonNode committers = handled(dan, "setcommitters");
            assertSuccess(committers);
            assertThat(committers.path("data").path("gid").asText()).as(committers.toString()).isEqualTo(gid);
            assertThat(committers.path("data").path("committers").asText()).isEqualTo("$ADMINS");

            for (String flag : List.of("star", "mute", "hide")) {
                dan.send("chat", flag, XxcClient.params(gid, true));
                JsonNode reply = handled(dan, flag);
                assertSuccess(reply);
                assertThat(reply.path("data").path("gid").asText()).as(reply.toString()).isEqualTo(gid);
                assertThat(reply.path("data").path(flag).asBoolean()).as(reply.toString()).isTrue();
            }

            dan.send("chat", "category", XxcClient.params(List.of(gid, other), "Projects"));
            JsonNode category = handled(dan, "category");
            assertSuccess(category);
            assertThat(category.path("data").path("category").asText()).as(category.toString()).isEqualTo("Projects");
            assertThat(category.path("data").path("gids").toString()).contains(gid, other);

            JsonNode list = dan.call("getlist", null);
            for (JsonNode chat : list.path("data")) {
                if (chat.path("gid").asText().equals(gid)) {
                    assertThat(chat.path("category").asText()).as(chat.toString()).isEqualTo("Projects");
                    assertThat(chat.path("star").asBoolean()).isTrue();
                    assertThat(chat.path("mute").asBoolean()).isTrue();
                    assertThat(chat.path("hide").asBoolean()).isTrue();
                }
            }
            assertThat(texts(list.path("data"), "gid")).contains(gid);

            // a gid the caller is no member of: refused, nothing changes
            String foreign = newGid();
            try (XxcClient fay = xxcLogin("xfay")) {
                createGroup(fay, foreign, "Not dan's", fay.userId(), idOf("xgus"));
            }
            dan.send("chat", "category", XxcClient.params(List.of(gid, foreign), "Elsewhere"));
            assertFail(handled(dan, "category"));
            JsonNode after = dan.call("getlist", null);
            for (JsonNode chat : after.path("data")) {
                if (chat.path("gid").asText().equals(gid)) {
                    assertThat(chat.path("category").asText()).isEqualTo("Projects");
                }
            }
        }
    }

    @Test
    default void userchangeSetsStatusAndRealnameAndRefusesAPassword() {
        try (XxcClient gus = xxcLogin("xgus"); WsClient watcher = wsUser("xfay")) {
            JsonNode status = gus.call("userchange", XxcClient.params(ProtocolJson.nodes().objectNode()
                    .put("status", "away").put("account", "xgus")));
            assertSuccess(status);
            assertThat(status.path("data").path("id").asLong()).as(status.toString()).isEqualTo(gus.userId());
            assertThat(status.path("data").path("status").asText()).isEqualTo("away");
            JsonNode statusPush = watcher.awaitPacket(packet -> "userChangeStatus".equalsIgnoreCase(
                    packet.path("method").asText()) && packet.path("data").path("id").asLong() == gus.userId(), WAIT)
                    .orElseThrow(() -> new AssertionError("no status push to the others: " + watcher.frames()));
            assertThat(statusPush.path("data").path("status").asText()).isEqualTo("away");

            JsonNode name = gus.call("userchange", XxcClient.params(ProtocolJson.nodes().objectNode()
                    .put("realname", "Gus Renamed").put("account", "xgus")));
            assertSuccess(name);
            assertThat(name.path("data").path("id").asLong()).as(name.toString()).isEqualTo(gus.userId());
            assertThat(name.path("data").path("realname").asText()).as("the client merges data into the user: " + name)
                    .isEqualTo("Gus Renamed");

            JsonNode password = gus.call("userchange", XxcClient.params(ProtocolJson.nodes().objectNode()
                    .put("password", WsClient.md5("new-secret")).put("account", "xgus")));
            assertFail(password);
            assertThat(password.path("message").asText()).containsIgnoringCase("password");
        }
        // the password did not change
        assertThat(serverInfo("xgus", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    default void whatTheServerDoesNotOfferIsRefusedCleanlyAndTheConnectionGoesOn() {
        try (XxcClient dan = xxcLogin("xdan")) {
            dan.send("chat", "extensions", null);
            JsonNode extensions = handled(dan, "extensions");
            assertSuccess(extensions);
            assertThat(extensions.path("data").isArray()).as("the client reads data.length: " + extensions).isTrue();
            assertThat(extensions.path("data").size()).isZero();

            JsonNode todo = dan.call("upserttodo", XxcClient.params(ProtocolJson.nodes().objectNode()
                    .put("name", "a todo")));
            assertFail(todo);

            JsonNode visit = dan.call("entry", "visit", ProtocolJson.nodes().objectNode().put("entryID", 3)
                    .put("referer", ""));
            assertFail(visit);

            JsonNode ping = dan.call("ping", null);
            assertSuccess(ping);
            assertThat(dan.isEnded()).isFalse();
        }
    }

    @Test
    default void aUserIdOtherThanTheConnectionsIsDenied() {
        try (XxcClient dan = xxcLogin("xdan")) {
            ObjectNode request = dan.build("chat", "getlist", null).put("userID", idOf("xeve"));
            dan.send(request);
            JsonNode denied = dan.expect("chat", "getlist");
            assertThat(denied.path("result").asText()).as(denied.toString()).isEqualTo("denied");
            assertThat(denied.path("message").asText()).isNotBlank();
            assertThat(denied.path("data").toString()).as("nothing of the other user's chats").doesNotContain("gid");
        }
    }

    @Test
    default void logoutClosesAndTellsTheOthers() {
        try (WsClient watcher = wsUser("xfay")) {
            XxcClient eve = xxcLogin("xeve");
            watcher.pushPacket("login", WAIT);
            eve.send("chat", "logout", null);
            assertThat(eve.awaitClosed(WAIT)).as("the connection ends after logout").isTrue();
            JsonNode logout = watcher.awaitPacket(packet -> "logout".equalsIgnoreCase(packet.path("method").asText())
                    && packet.path("data").path("account").asText().equals("xeve"), WAIT)
                    .orElseThrow(() -> new AssertionError("no logout push: " + watcher.frames()));
            assertThat(logout.path("data").path("status").asText()).isEqualTo("offline");
            eve.close();
        }
    }
}
