package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import io.xuanxuan.testclient.XxcClient.ServerInfoReply;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 2.x login (xxc-2x-dialect.md A.3, A.5): {@code POST /serverInfo}, then the encrypted socket's login and
 * the order of what follows it, offline messages, {@code settings}; the encrypted keepalive (A.4).
 */
public interface XxcLoginProtocolSuite extends XxcProtocolSupport {

    /** The keepalive of the servers under test: short, so that {@link #anIdleConnectionGetsTheEncryptedKeepalive} is quick. */
    String KEEPALIVE_INTERVAL = "xuanxuan.xxc.keepalive-interval=2s";

    @Test
    default void serverInfoHandsOutA32CharacterTokenPerLoginAndTheSocketUrl() {
        ServerInfoReply first = serverInfoOk("xana");
        JsonNode info = first.json();
        assertThat(info).as("a JSON body: " + first.body()).isNotNull();
        assertThat(info.path("version").asText()).isEqualTo("2.3.0");
        // the AES-256 key: exactly 32 ASCII characters, or the client's createCipheriv throws
        assertThat(first.token()).hasSize(32).matches("[\\x21-\\x7e]{32}");
        assertThat(info.path("uploadFileSize").isIntegralNumber()).as(first.body()).isTrue();
        assertThat(info.path("uploadFileSize").asLong()).as("0 would turn the client's file features off").isPositive();
        assertThat(info.path("chatPort").isIntegralNumber()).as(first.body()).isTrue();

        String socketUrl = first.socketUrl();
        assertThat(socketUrl).as(first.body()).isNotNull().startsWith("ws");
        URI uri = URI.create(socketUrl);
        assertThat(uri.getPath()).isEqualTo("/xxc/ws");
        assertThat(XxcClient.userOf(socketUrl)).as(socketUrl).contains(idOf("xana"));
        assertThat(XxcClient.queryParam(socketUrl, "ticket")).as(socketUrl).hasValueSatisfying(
                ticket -> assertThat(ticket).isNotBlank());
        assertThat(info.path("chatPort").asInt()).as("the port of the socket URL").isEqualTo(uri.getPort());

        ServerInfoReply second = serverInfoOk("xana");
        assertThat(second.token()).as("a token per login").hasSize(32).isNotEqualTo(first.token());
        assertThat(second.socketUrl()).isNotEqualTo(socketUrl);
    }

    @Test
    default void serverInfoRefusesAWrongPasswordOrAnUnknownAccountWith401() {
        ServerInfoReply wrong = serverInfo("xbad", "not-the-password");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
        assertThat(wrong.json()).as("a JSON body: " + wrong.body()).isNotNull();
        assertThat(wrong.json().path("message").asText()).as(wrong.body()).isNotBlank();
        assertThat(wrong.json().has("token")).isFalse();

        ServerInfoReply unknown = serverInfo("nobody-at-all", PASSWORD);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(401);
        assertThat(unknown.json().has("token")).isFalse();
    }

    @Test
    default void loginAnswersUserThenSessionIdUserListChatListOfflineMessagesInThatOrderThenSettings() {
        long cat = idOf("xcat");
        String gid = newGid();
        String messageGid = newGid();
        // while xcat is offline, xbob (a 1.0-dialect user on /ws) writes to a chat of the two
        try (WsClient bob = wsUser("xbob")) {
            JsonNode created = bob.request(bob.named("create", "gid", gid, "name", "while away", "type", "group",
                    "members", List.of(bob.user.path("id").asLong(), cat), "subject", 0, "public", false));
            assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
            JsonNode sent = bob.request(bob.named("message", "messages", List.of(Map.of("gid", messageGid,
                    "cgid", gid, "contentType", "text", "content", "sent while you were away"))));
            assertThat(sent.path("result").asText()).as(sent.toString()).isEqualTo("success");
        }

        ServerInfoReply info = serverInfoOk("xcat");
        try (XxcClient client = xxcConnect(info)) {
            sendLogin(client, "xcat");
            List<JsonNode> sequence = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            while (!kinds.contains("chat/message") && kinds.size() < 8) {
                JsonNode item = client.next(WAIT);
                String kind = item.path("module").asText() + "/" + item.path("method").asText();
                if (!kind.equals("chat/ping")) { // the keepalive may come at any time
                    sequence.add(item);
                    kinds.add(kind);
                }
            }
            assertThat(kinds).as("what the login brought, in order").containsExactly("chat/login", "chat/SessionID",
                    "chat/usergetlist", "chat/getlist", "chat/message");

            JsonNode login = sequence.get(0);
            assertThat(login.path("result").asText("success")).isEqualTo("success");
            JsonNode user = login.path("data");
            assertThat(user.path("id").isIntegralNumber()).isTrue();
            assertThat(user.path("id").asLong()).isEqualTo(cat);
            assertThat(user.path("account").asText()).isEqualTo("xcat");
            assertThat(user.path("realname").asText()).isEqualTo("Xcat Two");
            assertThat(user.path("status").asText()).isEqualTo("online");
            assertThat(user.path("dept").isIntegralNumber()).isTrue();

            assertThat(sequence.get(1).path("sessionID").asText()).as(sequence.get(1).toString()).isNotBlank();

            JsonNode users = sequence.get(2);
            assertThat(users.path("data").isArray()).as(users.toString()).isTrue();
            assertThat(texts(users.path("data"), "account")).contains("xbob", "xcat");
            assertThat(users.path("partial").asBoolean(false)).as("the whole list replaces the client's").isFalse();

            JsonNode chats = sequence.get(3);
            assertThat(chats.path("data").isArray()).as(chats.toString()).isTrue();
            assertThat(texts(chats.path("data"), "gid")).contains(gid);

            // the offline messages come after the chat list; those of other chats may come first (earlier tests'
            // group of everyone), so read on to this chat's
            JsonNode offline = sequence.get(4);
            while (!texts(offline.path("data"), "gid").contains(messageGid)) {
                assertThat(offline.path("data").isArray()).as(offline.toString()).isTrue();
                JsonNode next = client.next(WAIT);
                if ("chat/message".equals(next.path("module").asText() + "/" + next.path("method").asText())) {
                    offline = next;
                }
            }
            assertThat(offline.path("data").isArray()).as(offline.toString()).isTrue();
            assertThat(texts(offline.path("data"), "content")).contains("sent while you were away");

            // the last step of the client's login: settings [account, ""], answered chat/settings
            JsonNode settings = client.call("settings", XxcClient.params("xcat", ""));
            assertThat(settings.path("result").asText("success")).as(settings.toString()).isEqualTo("success");
            assertThat(settings.path("data").isNull() || settings.path("data").isObject()
                    || settings.path("data").isMissingNode()).as("settings object or null: " + settings).isTrue();
        }
    }

    @Test
    default void anIdleConnectionGetsTheEncryptedKeepalive() {
        try (XxcClient ana = xxcLogin("xana")) {
            // a browser sees no WebSocket ping: the server sends an encrypted data frame; the client sends nothing
            JsonNode ping = ana.expect("chat", "ping", WAIT);
            assertThat(ping.path("result").asText()).isEqualTo("success");
        }
    }
}
