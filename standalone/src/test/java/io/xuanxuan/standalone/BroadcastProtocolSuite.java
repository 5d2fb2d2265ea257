package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Notices of internal systems on {@code xx.broadcast} become {@code broadcast} messages delivered like
 * any other; the same key twice stores one message; an invalid record goes to the dead-letter topic
 * with its reason.
 */
public interface BroadcastProtocolSuite extends ChatProtocolSupport {

    /** Publishes the JSON text on {@code xx.broadcast} as another system would. */
    void publishBroadcast(String json);

    /** The reasons of the dead letters of {@code xx.broadcast} so far. */
    List<String> broadcastDeadLetterReasons();

    /** The first message pushed to the client in the chat {@code cgid} (other pushes may come first). */
    default JsonNode messagePushIn(ProtocolClient client, String cgid) {
        return client.awaitPacket(packet -> "message".equals(packet.path("method").asText())
                        && cgid.equals(packet.path("data").path(0).path("cgid").asText()), WsClient.TIMEOUT)
                .map(packet -> packet.path("data").get(0))
                .orElseThrow(() -> new AssertionError("no message push in " + cgid + "; frames: " + client.frames()));
    }

    @Test
    default void aNoticeToAChatIsStoredOnceAndPushedToItsMembers() {
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = UUID.randomUUID().toString();
            createGroup(alice, gid, "ops", false, id(alice), id(bob));
            String key = "deploy-" + UUID.randomUUID();
            String record = "{\"v\":1,\"key\":\"" + key + "\",\"gid\":\"" + gid
                    + "\",\"content\":\"Deployed 1.2.3\",\"contentType\":\"text\",\"extra\":\"ignored\"}";
            publishBroadcast(record);
            publishBroadcast(record);

            JsonNode pushed = messagePushIn(bob, gid);
            assertThat(pushed.path("type").asText()).isEqualTo("broadcast");
            assertThat(pushed.path("content").asText()).isEqualTo("Deployed 1.2.3");
            assertThat(pushed.path("cgid").asText()).isEqualTo(gid);
            assertThat(pushed.path("user").asLong()).isZero();
            assertThat(messagePushIn(alice, gid).path("gid").asText()).isEqualTo(pushed.path("gid").asText());

            JsonNode history = ok(alice, alice.named("history", "gid", gid, "recPerPage", 50, "pageID", 1));
            long notices = 0;
            for (JsonNode message : history.path("data")) {
                if ("broadcast".equals(message.path("type").asText())) {
                    notices++;
                }
            }
            assertThat(notices).as("the same key stores one message").isEqualTo(1);
        }
    }

    @Test
    default void aNoticeToUsersArrivesInTheirNoticeChatAlsoWhenTheyWereOffline() {
        long carolId;
        try (ProtocolClient carol = client("carol")) {
            carolId = id(carol);
        }
        String key = "maintenance-" + UUID.randomUUID();
        publishBroadcast("{\"v\":1,\"key\":\"" + key + "\",\"users\":[" + carolId
                + "],\"content\":\"Maintenance tonight\"}");
        try (ProtocolClient carol = client("carol")) {
            JsonNode pushed = messagePushIn(carol, "notice-" + carolId);
            assertThat(pushed.path("content").asText()).isEqualTo("Maintenance tonight");
            assertThat(pushed.path("type").asText()).isEqualTo("broadcast");
            JsonNode chats = ok(carol, carol.envelope("chat", "getList", null)).path("data");
            boolean hasNoticeChat = false;
            for (JsonNode chat : chats) {
                if (chat.path("gid").asText().equals(pushed.path("cgid").asText())) {
                    hasNoticeChat = true;
                    assertThat(ids(chat.path("members"))).containsExactly(carolId);
                }
            }
            assertThat(hasNoticeChat).isTrue();
            JsonNode reply = carol.request(carol.named("message", "messages", List.of(java.util.Map.of(
                    "gid", UUID.randomUUID().toString(), "cgid", pushed.path("cgid").asText(), "content", "ok"))));
            assertThat(reply.path("result").asText()).as("nobody posts in a notice chat").isEqualTo("fail");
        }
    }

    @Test
    default void invalidNoticesGoToTheDeadLetterTopicWithTheReason() throws InterruptedException {
        String unknownChat = "no-such-chat-" + UUID.randomUUID();
        publishBroadcast("{\"v\":1,\"gid\":\"" + unknownChat + "\",\"content\":\"x\"}");
        publishBroadcast("{\"v\":1,\"key\":\"k-" + UUID.randomUUID() + "\",\"gid\":\"" + unknownChat
                + "\",\"content\":\"x\"}");
        publishBroadcast("{\"v\":1,\"key\":\"k2-" + UUID.randomUUID() + "\",\"users\":[1],\"gid\":\"system\","
                + "\"content\":\"x\"}");
        List<List<String>> read = new ArrayList<>(List.of(List.of()));
        Waits.within(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            read.set(0, broadcastDeadLetterReasons());
            return read.get(0).size() >= 3;
        });
        List<String> reasons = read.get(0);
        assertThat(String.join("\n", reasons)).contains("'key' is required", "no chat with gid '" + unknownChat,
                "exactly one of 'gid'");
    }
}
