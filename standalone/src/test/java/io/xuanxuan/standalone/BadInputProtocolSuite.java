package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear answer or a clean close, executes nothing, and never affects another
 * connection (DESIGN.md invariants 4 and 5).
 */
public interface BadInputProtocolSuite extends ProtocolTestSupport {

    private JsonNode nextResponse(ProtocolClient client) {
        return client.awaitFrame(frame -> frame.isObject() && frame.has("result"), WsClient.TIMEOUT)
                .orElseThrow(() -> new AssertionError("no answer; frames: " + client.frames()));
    }

    private void assertStillServing() {
        try (ProtocolClient other = client("victor")) {
            JsonNode pong = other.request(other.envelope("chat", "ping", null));
            assertThat(pong.path("result").asText()).isEqualTo("success");
        }
    }

    @Test
    default void malformedJsonIsAnsweredWithFail() {
        try (ProtocolClient client = client()) {
            client.sendRaw("{\"module\":\"chat\",");
            JsonNode answer = nextResponse(client);
            assertThat(answer.path("result").asText()).isEqualTo("fail");
            assertThat(answer.path("message").asText()).containsIgnoringCase("malformed json");

            client.sendRaw("not json at all");
            assertThat(nextResponse(client).path("result").asText()).isEqualTo("fail");
            assertThat(client.isEnded()).isFalse();
        }
        assertStillServing();
    }

    @Test
    default void arraysNumbersAndStringsInsteadOfAnObjectAreAnsweredWithFail() {
        try (ProtocolClient client = client()) {
            for (String frame : new String[] {"[1,2,3]", "42", "\"chat\"", "null", "true"}) {
                client.sendRaw(frame);
                JsonNode answer = nextResponse(client);
                assertThat(answer.path("result").asText()).as(frame).isEqualTo("fail");
                assertThat(answer.path("message").asText()).as(frame).contains("JSON object");
            }
        }
        assertStillServing();
    }

    @Test
    default void wrongFieldTypesAreAnsweredWithFailNamingTheField() {
        try (ProtocolClient client = client()) {
            client.sendRaw("{\"module\":7,\"method\":\"login\"}");
            assertThat(nextResponse(client).path("message").asText()).contains("module");
            client.sendRaw("{\"module\":\"chat\",\"method\":[\"login\"]}");
            assertThat(nextResponse(client).path("message").asText()).contains("method");
            client.sendRaw("{\"module\":\"chat\",\"method\":\"login\",\"params\":\"alice\"}");
            JsonNode params = nextResponse(client);
            assertThat(params.path("result").asText()).isEqualTo("fail");
            assertThat(params.path("message").asText()).contains("params");
            client.sendRaw("{\"module\":\"chat\",\"method\":\"login\",\"params\":{\"account\":[1],\"password\":{}}}");
            JsonNode account = nextResponse(client);
            assertThat(account.path("result").asText()).isEqualTo("fail");
            assertThat(account.path("message").asText()).contains("account");
            client.sendRaw("{\"module\":\"chat\",\"method\":\"ping\",\"sid\":12345}");
            assertThat(nextResponse(client).path("message").asText()).contains("sid");
        }
        try (ProtocolClient bob = client("bob")) {
            JsonNode wrongStatus = bob.request(bob.named("userChangeStatus", "status", 5));
            assertThat(wrongStatus.path("result").asText()).isEqualTo("fail");
            JsonNode wrongName = bob.request(bob.named("userChangeName", "name", java.util.Map.of("x", 1)));
            assertThat(wrongName.path("result").asText()).isEqualTo("fail");
            assertThat(wrongName.path("message").asText()).contains("name");
        }
        assertStillServing();
    }

    @Test
    default void unknownModulesAndMethodsAreAnsweredWithFail() {
        try (ProtocolClient bob = client("bob")) {
            JsonNode module = bob.request(bob.envelope("nosuchmodule", "login", null));
            assertThat(module.path("result").asText()).isEqualTo("fail");
            assertThat(module.path("message").asText()).contains("nosuchmodule");
            JsonNode method = bob.request(bob.envelope("chat", "dropAllTables", null));
            assertThat(method.path("result").asText()).isEqualTo("fail");
            assertThat(method.path("message").asText()).contains("dropAllTables");
        }
        assertStillServing();
    }

    @Test
    default void requestsWithoutSidOrWithTheSidOfAnotherConnectionAreDeniedAndNotExecuted() {
        try (ProtocolClient carol = client("carol"); ProtocolClient stranger = client()) {
            JsonNode noSid = stranger.request(stranger.named("userChangeName", "name", "Hacked"));
            assertThat(noSid.path("result").asText()).isEqualTo("denied");
            assertThat(noSid.path("message").asText()).containsIgnoringCase("log in");

            stranger.sid = carol.sid;
            JsonNode stolen = stranger.request(stranger.named("userChangeName", "name", "Hacked"));
            assertThat(stolen.path("result").asText()).isEqualTo("denied");
            JsonNode stolenList = stranger.request(stranger.envelope("chat", "userGetlist", null));
            assertThat(stolenList.path("result").asText()).isEqualTo("denied");

            carol.sid = "0123456789abcdef0123456789abcdef";
            JsonNode wrongSid = carol.request(carol.named("userChangeName", "name", "Hacked"));
            assertThat(wrongSid.path("result").asText()).isEqualTo("denied");

            ProtocolClient fresh = client("victor");
            JsonNode users = fresh.request(fresh.envelope("chat", "userGetlist", null)).path("data");
            for (JsonNode user : users) {
                assertThat(user.path("realname").asText()).isNotEqualTo("Hacked");
            }
            fresh.close();
        }
    }

    @Test
    default void anOversizeFrameClosesOnlyThatConnection() {
        // the close code 1009 is WebSocket's; the TCP door's line limit is GatewayTcpTest's
        assumeWebSocket("the close code 1009 of an oversize frame");
        try (WsClient watcher = login("xavier"); WsClient big = connect()) {
            String huge = "{\"module\":\"chat\",\"method\":\"login\",\"params\":{\"account\":\"" + "x".repeat(70_000) + "\"}}";
            big.sendRaw(huge);
            boolean answeredOrClosed = big.awaitClosed(WsClient.TIMEOUT)
                    || big.awaitFrame(frame -> "fail".equals(frame.path("result").asText()), Duration.ZERO).isPresent();
            assertThat(answeredOrClosed).isTrue();
            if (big.isClosed()) {
                assertThat(big.closeStatus()).isEqualTo(1009);
            }
            JsonNode pong = watcher.request(watcher.envelope("chat", "ping", null));
            assertThat(pong.path("result").asText()).isEqualTo("success");
        }
        assertStillServing();
    }

    @Test
    default void aRequestFloodIsRefusedOrClosedWhileOthersAreServed() {
        try (ProtocolClient watcher = client("xavier"); ProtocolClient flooder = client("wendy")) {
            String ping = "{\"module\":\"chat\",\"method\":\"ping\",\"sid\":\"" + flooder.sid + "\"}";
            for (int i = 0; i < 3000; i++) {
                try {
                    flooder.sendRaw(ping);
                } catch (IllegalStateException cannotWrite) {
                    // a TCP client cannot write once the server closed it for flooding; anything else is a failure
                    if (!flooder.awaitClosed(WsClient.TIMEOUT)) {
                        throw cannotWrite;
                    }
                    break;
                }
            }
            boolean refused = flooder.awaitFrame(frame -> "fail".equals(frame.path("result").asText())
                    && frame.path("message").asText().toLowerCase().contains("too many"), WsClient.TIMEOUT).isPresent();
            assertThat(refused || flooder.awaitClosed(WsClient.TIMEOUT)).isTrue();

            long started = System.nanoTime();
            JsonNode pong = watcher.request(watcher.envelope("chat", "ping", null));
            assertThat(pong.path("result").asText()).isEqualTo("success");
            JsonNode users = watcher.request(watcher.envelope("chat", "userGetlist", null));
            assertThat(users.path("result").asText()).isEqualTo("success");
            System.out.printf("other connection answered during a flood in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
        }
        assertStillServing();
    }
}
