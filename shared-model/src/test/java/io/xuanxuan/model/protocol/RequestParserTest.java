package io.xuanxuan.model.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Chat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    @Test
    void parsesNamedAndPositionalParamsToTheSameValues() {
        Request named = RequestParser.parse("{\"module\":\"chat\",\"method\":\"login\","
                + "\"params\":{\"account\":\"alice\",\"password\":\"abc\",\"status\":\"away\"}}").request();
        Request positional = RequestParser.parse("{\"module\":\"Chat\",\"method\":\"LOGIN\","
                + "\"params\":[\"alice\",\"abc\",\"away\"]}").request();
        for (Request request : List.of(named, positional)) {
            Params params = request.params("account", "password", "status");
            assertThat(params.text("account")).isEqualTo("alice");
            assertThat(params.text("status")).isEqualTo("away");
            assertThat(request.route()).isEqualTo("chat/login");
        }
        assertThat(positional.module()).isEqualTo("Chat");
        assertThat(positional.method()).isEqualTo("LOGIN");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThat(RequestParser.parse("{").error()).startsWith("Malformed JSON");
        assertThat(RequestParser.parse("[]").error()).contains("JSON object").contains("an array");
        assertThat(RequestParser.parse("12").error()).contains("a number");
        assertThat(RequestParser.parse("").error()).isNotBlank();
        assertThat(RequestParser.parse("{\"module\":1,\"method\":\"x\"}").error()).contains("'module'");
        assertThat(RequestParser.parse("{\"module\":\"chat\"}").error()).contains("'method'");
        RequestParser.Parsed badParams = RequestParser.parse("{\"module\":\"chat\",\"method\":\"x\",\"params\":3}");
        assertThat(badParams.error()).contains("'params'");
        assertThat(badParams.method()).isEqualTo("x");
        assertThat(RequestParser.parse("{\"module\":\"chat\",\"method\":\"x\",\"sid\":5}").error()).contains("'sid'");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(RequestParser.parse(deep).ok()).isFalse();
    }

    @Test
    void paramsCheckTypesAndAcceptTheClientsShapes() {
        Params params = Params.of(ProtocolJson.mapper().valueToTree(java.util.Map.of(
                "members", List.of(java.util.Map.of("id", 3), 4, "5"),
                "csv", "1, 2,3",
                "flag", "1",
                "num", "42",
                "obj", java.util.Map.of())));
        assertThat(params.optionalIds("members")).contains(List.of(3L, 4L, 5L));
        assertThat(params.optionalIds("csv")).contains(List.of(1L, 2L, 3L));
        assertThat(params.bool("flag", false)).isTrue();
        assertThat(params.bool("absent", true)).isTrue();
        assertThat(params.longValue("num", 0)).isEqualTo(42);
        assertThatThrownBy(() -> params.text("obj")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'obj'");
        assertThatThrownBy(() -> params.text("missing")).hasMessageContaining("required");
        assertThatThrownBy(() -> params.longValue("obj", 0)).hasMessageContaining("integer");
    }

    @Test
    void writesTheProtocolConventions() {
        Chat chat = new Chat(7, "1&2", "", Chat.TYPE_ONE2ONE, List.of(1L), "", 0, false, "alice", 1446773418L,
                "", 0, 0, List.of(1L, 2L), null, null, null);
        String json = ProtocolJson.write(chat);
        assertThat(json).contains("\"id\":7", "\"public\":false", "\"members\":[1,2]", "\"createdDate\":1446773418")
                .doesNotContain("star", "isPublic");
        Response response = Response.fail(new Request("Chat", "Login", null, null, null), "no");
        assertThat(ProtocolJson.write(response)).isEqualTo(
                "{\"module\":\"Chat\",\"method\":\"Login\",\"result\":\"fail\",\"message\":\"no\"}");
    }
}
