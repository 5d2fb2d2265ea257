package io.xuanxuan.model.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.RequestParser;
import io.xuanxuan.model.protocol.ServiceName;
import org.junit.jupiter.api.Test;

class CommandKeysTest {

    private static Request parse(String json) {
        return RequestParser.parse(json).request();
    }

    @Test
    void chatCommandsAreKeyedByChatGidInBothParameterShapes() {
        assertThat(CommandKeys.keyFor(ServiceName.CHAT,
                parse("{\"module\":\"chat\",\"method\":\"history\",\"params\":[\"g1\",20,1]}"), 5L, "c"))
                .isEqualTo("chat:g1");
        assertThat(CommandKeys.keyFor(ServiceName.CHAT,
                parse("{\"module\":\"chat\",\"method\":\"changename\",\"params\":{\"gid\":\"g1\",\"name\":\"x\"}}"), 5L, "c"))
                .isEqualTo("chat:g1");
        assertThat(CommandKeys.keyFor(ServiceName.CHAT, parse("{\"module\":\"chat\",\"method\":\"Message\","
                + "\"params\":{\"messages\":[{\"gid\":\"m\",\"cgid\":\"1&2\"}]}}"), 5L, "c")).isEqualTo("chat:1&2");
        assertThat(CommandKeys.keyFor(ServiceName.CHAT, parse("{\"module\":\"chat\",\"method\":\"message\","
                + "\"params\":[{\"gid\":\"m\",\"cgid\":\"1&2\"}]}"), 5L, "c")).isEqualTo("chat:1&2");
    }

    /**
     * Every params shape the chat service stores (MessageParams) is keyed by its chat, never by the user:
     * before the one reading, {@code [[...]]} and {@code {messages:{...}}} fell back to the user id and
     * escaped the chat's partition (its order and its numbering).
     */
    @Test
    void everyMessageParamsShapeIsKeyedByItsChat() {
        String one = "{\"gid\":\"m\",\"cgid\":\"%s\",\"content\":\"hi\"}";
        for (String cgid : new String[] {"g1", "9&10", "10&9"}) {
            String message = one.formatted(cgid);
            String expected = "chat:" + (cgid.equals("g1") ? "g1" : "9&10");
            for (String params : new String[] {
                    "{\"messages\":[" + message + "]}",
                    "{\"messages\":" + message + "}",
                    "[" + message + "]",
                    "[[" + message + "]]",
                    "{\"messages\":[" + message + "," + one.formatted("other") + "]}"}) {
                Request request = parse("{\"module\":\"chat\",\"method\":\"message\",\"params\":" + params + "}");
                assertThat(CommandKeys.keyFor(ServiceName.CHAT, request, 5L, "c")).as(params).isEqualTo(expected);
                // the chat service reads the same chat from the same params
                assertThat(io.xuanxuan.model.protocol.MessageParams.chatGid(request.params())).as(params)
                        .contains(cgid);
            }
        }
        // no chat to read: the user's key, and the chat service refuses the request with the reason
        assertThat(CommandKeys.keyFor(ServiceName.CHAT, parse("{\"module\":\"chat\",\"method\":\"message\","
                + "\"params\":{\"messages\":[]}}"), 5L, "c")).isEqualTo("5");
    }

    @Test
    void bothOrdersOfAOneToOneGidShareAKey() {
        assertThat(CommandKeys.keyFor(ServiceName.CHAT, parse("{\"module\":\"chat\",\"method\":\"message\","
                + "\"params\":[{\"gid\":\"m\",\"cgid\":\"10&9\"}]}"), 5L, "c")).isEqualTo("chat:9&10");
        assertThat(CommandKeys.keyFor(ServiceName.CHAT,
                parse("{\"module\":\"chat\",\"method\":\"create\",\"params\":[\"9&10\",\"\",\"one2one\"]}"), 5L, "c"))
                .isEqualTo("chat:9&10");
        assertThat(CommandKeys.keyFor(ServiceName.FILE,
                parse("{\"module\":\"attach\",\"method\":\"getList\",\"params\":[\"10&9\"]}"), 5L, "c"))
                .isEqualTo("chat:9&10");
    }

    @Test
    void presenceIsKeyedByUserAndLoginByAccount() {
        assertThat(CommandKeys.keyFor(ServiceName.PRESENCE,
                parse("{\"module\":\"chat\",\"method\":\"LOGIN\",\"params\":[\"Alice\",\"x\"]}"), null, "c"))
                .isEqualTo("account:alice");
        assertThat(CommandKeys.keyFor(ServiceName.PRESENCE,
                parse("{\"module\":\"chat\",\"method\":\"userGetlist\"}"), 7L, "c")).isEqualTo("7");
    }

    @Test
    void fallsBackToUserThenConnection() {
        assertThat(CommandKeys.keyFor(ServiceName.CHAT, parse("{\"module\":\"chat\",\"method\":\"getList\"}"), 7L, "c"))
                .isEqualTo("7");
        assertThat(CommandKeys.keyFor(ServiceName.PRESENCE,
                parse("{\"module\":\"chat\",\"method\":\"login\",\"params\":{\"account\":5}}"), null, "c"))
                .isEqualTo("c");
    }
}
