package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Helpers of the chat protocol suites (standalone and distributed): every assertion is on JSON read
 * from the socket.
 */
public interface ChatProtocolSupport extends ProtocolTestSupport {

    Duration NO_PUSH_WITHIN = Duration.ofMillis(400);

    default String newGid() {
        return UUID.randomUUID().toString();
    }

    default long id(ProtocolClient client) {
        return client.user.path("id").asLong();
    }

    /** Sends the request and asserts it succeeded; answers the whole response. */
    default JsonNode ok(ProtocolClient client, ObjectNode request) {
        JsonNode response = client.request(request);
        assertThat(response.path("result").asText()).as("result of " + request + ": " + response).isEqualTo("success");
        return response;
    }

    /** Sends the request and asserts it was refused with {@code fail} and a message containing the text. */
    default JsonNode refused(ProtocolClient client, ObjectNode request, String messagePart) {
        JsonNode response = client.request(request);
        assertThat(response.path("result").asText()).as("result of " + request + ": " + response).isEqualTo("fail");
        assertThat(response.path("message").asText()).contains(messagePart);
        return response;
    }

    /** Creates a group chat (named params) of the creator and these users; answers the chat. */
    default JsonNode createGroup(ProtocolClient creator, String gid, String name, boolean isPublic, long... members) {
        return ok(creator, creator.named("create", "gid", gid, "name", name, "type", "group",
                "members", longs(members), "subject", 0, "public", isPublic)).path("data");
    }

    default List<Long> longs(long... values) {
        List<Long> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return list;
    }

    default List<Long> ids(JsonNode array) {
        List<Long> list = new ArrayList<>();
        array.forEach(item -> list.add(item.asLong()));
        return list;
    }

    /** The chat with this gid in a getList answer, or a missing node. */
    default JsonNode chatIn(JsonNode chats, String gid) {
        for (JsonNode chat : chats) {
            if (gid.equals(chat.path("gid").asText())) {
                return chat;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    default JsonNode chatList(ProtocolClient client) {
        return ok(client, client.envelope("chat", "getList", null)).path("data");
    }

    /** The chat as a member sees it now, from getList. */
    default JsonNode chatOf(ProtocolClient member, String gid) {
        JsonNode chat = chatIn(chatList(member), gid);
        assertThat(chat.isMissingNode()).as(gid + " in the getList of " + member.user.path("account")).isFalse();
        return chat;
    }

    default JsonNode history(ProtocolClient member, String gid) {
        return ok(member, member.named("history", "gid", gid, "recPerPage", 200)).path("data");
    }

    default List<String> gids(JsonNode messages) {
        List<String> list = new ArrayList<>();
        messages.forEach(message -> list.add(message.path("gid").asText()));
        return list;
    }

    default ObjectNode message(String gid, String cgid, String content) {
        return ProtocolJson.nodes().objectNode().put("gid", gid).put("cgid", cgid).put("type", "normal")
                .put("contentType", "text").put("content", content).put("date", "");
    }

    /** {@code message} as the real client sends it: {@code {messages: [...]}}. */
    default ObjectNode send(ProtocolClient client, ObjectNode... messages) {
        ArrayNode list = ProtocolJson.nodes().arrayNode();
        for (ObjectNode message : messages) {
            list.add(message);
        }
        ObjectNode params = ProtocolJson.nodes().objectNode();
        params.set("messages", list);
        return client.envelope("chat", "message", params);
    }

    /** {@code message} as the document shows it: the params are the bare array of messages. */
    default ObjectNode sendBare(ProtocolClient client, ObjectNode... messages) {
        ArrayNode list = ProtocolJson.nodes().arrayNode();
        for (ObjectNode message : messages) {
            list.add(message);
        }
        return client.envelope("chat", "message", list);
    }

    /**
     * The messages of chat {@code cgid} pushed to {@code recipient} up to and including the one with gid
     * {@code until} (fails when that one does not come). The pushes of one chat reach a member in the chat's
     * order, so a later message is the bound of a check that an earlier one never came: no wait that ends
     * before the server has done what the test waits for.
     */
    default List<JsonNode> messagesPushedUntil(ProtocolClient recipient, String cgid, String until) {
        List<JsonNode> pushed = new ArrayList<>();
        while (pushed.stream().noneMatch(message -> until.equals(message.path("gid").asText()))) {
            JsonNode packet = recipient.awaitPacket(p -> "message".equalsIgnoreCase(p.path("method").asText())
                            && p.path("data").findValuesAsText("cgid").contains(cgid), ProtocolClient.TIMEOUT)
                    .orElseThrow(() -> new AssertionError("no push of message " + until + " in " + cgid
                            + "; pushed before it: " + pushed + "; frames: " + recipient.frames()));
            packet.path("data").forEach(message -> {
                if (pushed.stream().noneMatch(m -> until.equals(m.path("gid").asText()))) {
                    pushed.add(message);
                }
            });
        }
        return pushed;
    }

    /** Waits for a push of this method about this chat gid; answers its data (the chat). */
    default JsonNode pushFor(ProtocolClient client, String method, String gid) {
        return client.awaitPacket(packet -> method.equalsIgnoreCase(packet.path("method").asText())
                        && gid.equals(packet.path("data").path("gid").asText()), ProtocolClient.TIMEOUT)
                .map(packet -> {
                    assertThat(packet.path("module").asText()).isEqualTo("chat");
                    assertThat(packet.path("id").isIntegralNumber()).isTrue();
                    return packet.path("data");
                })
                .orElseThrow(() -> new AssertionError("no push " + method + " for " + gid + " to "
                        + client.user.path("account") + "; frames: " + client.frames()));
    }

    default boolean receivesPushFor(ProtocolClient client, String method, String gid, Duration within) {
        return client.awaitPacket(packet -> method.equalsIgnoreCase(packet.path("method").asText())
                && gid.equals(packet.path("data").path("gid").asText()), within).isPresent();
    }
}
