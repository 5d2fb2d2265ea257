package io.xuanxuan.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.presence.PresenceFixture;
import io.xuanxuan.presence.ServerInfoTestServer;
import io.xuanxuan.presence.ServerInfoTestServer.Reply;
import io.xuanxuan.presence.domain.LoginStormTest;
import io.xuanxuan.presence.domain.PasswordHasher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /serverInfo} over real HTTP, on presence's login checks on H2 (xxc-2x-dialect.md A.3): the 2.x
 * client's raw body, the ServerInfo it needs, 401 and the lockout shared with the WebSocket login, the limits and
 * refusals, CORS, and the socket URL from the request's Host or forwarded headers or from configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerInfoRouteTest {

    private final PresenceFixture presence = new PresenceFixture();
    private final ServerInfoTestServer server = new ServerInfoTestServer(presence.logins, null);
    private final AtomicInteger commands = new AtomicInteger();

    @AfterAll
    void close() {
        server.close();
        presence.close();
    }

    @Test
    void aRightLoginGetsTheServerInfoWithANewTokenEachTimeAndOpensNoSession() {
        long anna = presence.account("anna");

        Reply first = server.login("anna", PresenceFixture.PASSWORD);
        Reply second = server.login("anna", PresenceFixture.PASSWORD);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("Content-Type")).startsWith("application/json");
        JsonNode info = first.json();
        assertThat(info.path("version").asText()).isEqualTo("2.3.0");
        assertThat(info.path("uploadFileSize").asLong()).isEqualTo(ServerInfoTestServer.UPLOAD_FILE_SIZE);
        String token = info.path("token").asText();
        assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(server.tokens.verify(anna, token)).as("a token of anna's, under the configured secret").isTrue();
        assertThat(server.tokens.verify(anna + 1, token)).isFalse();
        String ticket = token.substring(0, XxcTokens.TICKET_LENGTH);
        assertThat(info.path("socketUrl").asText()).isEqualTo(
                "ws://127.0.0.1:" + server.port() + "/xxc/ws?user=" + anna + "&ticket=" + ticket);
        assertThat(info.path("chatPort").asInt()).isEqualTo(server.port());
        assertThat(second.json().path("token").asText()).as("a new token per request").hasSize(32).isNotEqualTo(token);

        assertThat(presence.sessions.find(anna).blockOptional()).as("no session").isEmpty();
        assertThat(presence.status(anna)).as("the status is the WebSocket login's").isEqualTo("offline");
    }

    @Test
    void wrongCredentialsAre401WithAJsonBody() {
        presence.account("bert");

        Reply wrong = server.login("bert", PasswordHasher.md5("wrong"));
        Reply unknown = server.login("nobody-here", PresenceFixture.PASSWORD);

        for (Reply reply : List.of(wrong, unknown)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.json().path("result").asText()).isEqualTo("fail");
            assertThat(reply.json().path("message").asText()).isEqualTo("Wrong account or password.");
            assertThat(reply.json().has("token")).isFalse();
        }
    }

    /** Counted apart from the socket logins (each success is followed by one), by outcome and reason. */
    @Test
    void theChecksAreCountedByOutcomeAndReason() {
        presence.account("gina");
        double succeeded = count("success", "none");
        double wrong = count("failure", "wrong_credentials");

        assertThat(server.login("gina", PresenceFixture.PASSWORD).status()).isEqualTo(200);
        assertThat(server.login("gina", PasswordHasher.md5("wrong")).status()).isEqualTo(401);

        assertThat(count("success", "none")).isEqualTo(succeeded + 1);
        assertThat(count("failure", "wrong_credentials")).isEqualTo(wrong + 1);
        assertThat(server.meters.find(io.xuanxuan.presence.domain.LoginMetrics.LOGINS).counters())
                .as("not the socket logins' meter").isEmpty();
    }

    private double count(String outcome, String reason) {
        var counter = server.meters.find(io.xuanxuan.presence.domain.LoginMetrics.SERVER_INFO_LOGINS)
                .tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void failuresAtServerInfoLockTheWebSocketLoginAndTheOtherWayRound() {
        presence.account("cora");
        for (int i = 0; i < 5; i++) {
            assertThat(server.login("cora", PasswordHasher.md5("guess" + i)).status()).isEqualTo(401);
        }
        Response wsLogin = wsLogin("cora", PresenceFixture.PASSWORD, "c1");
        assertThat(wsLogin.result()).isEqualTo(Result.FAIL);
        assertThat(wsLogin.message()).startsWith("This account is locked after too many failed logins");
        Reply locked = server.login("cora", PresenceFixture.PASSWORD);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().path("message").asText()).startsWith("This account is locked");

        presence.account("dirk");
        for (int i = 0; i < 4; i++) {
            assertThat(wsLogin("dirk", PasswordHasher.md5("guess" + i), "d" + i).result()).isEqualTo(Result.FAIL);
        }
        Reply fifth = server.login("dirk", PasswordHasher.md5("guess4"));
        assertThat(fifth.json().path("message").asText()).contains("the account is locked for 10 minutes");
        assertThat(server.login("dirk", PresenceFixture.PASSWORD).json().path("message").asText())
                .startsWith("This account is locked");
    }

    @Test
    void aRightLoginAtServerInfoClearsTheFailuresCountedSoFar() {
        presence.account("emma");
        for (int i = 0; i < 4; i++) {
            assertThat(server.login("emma", PasswordHasher.md5("guess" + i)).status()).isEqualTo(401);
        }
        assertThat(server.login("emma", PresenceFixture.PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(server.login("emma", PasswordHasher.md5("again" + i)).status()).isEqualTo(401);
        }
        assertThat(server.login("emma", PresenceFixture.PASSWORD).status()).as("4 + 4 failures, not 8 in a row")
                .isEqualTo(200);
    }

    @Test
    void plusAmpersandAndPercentInTheRawBodySurvive() {
        // an LDAP login sends the plain password; an account name may have them too
        String account = "a+b&c%20d";
        String password = "p+w&d=%41%";
        presence.accounts.insert(account, new PasswordHasher(4).hash(password), account, "", 0, "no", "", "", "",
                "", "", 1L).block();

        Reply reply = server.post("data=" + ServerInfoTestServer.loginJson(account, password));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("token").asText()).hasSize(32);
    }

    @Test
    void aUrlEncodedBodyIsReadAsAFormWhenItIsNotRawJson() {
        presence.account("finn");
        String json = ServerInfoTestServer.loginJson("finn", PresenceFixture.PASSWORD);

        Reply encoded = server.post("data=" + URLEncoder.encode(json, StandardCharsets.UTF_8));
        Reply withOtherFields = server.post("v=2.3.0&data=" + URLEncoder.encode(json, StandardCharsets.UTF_8) + "&x=1");

        assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
        assertThat(withOtherFields.status()).as(withOtherFields.body()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413WithAJsonBody() {
        String huge = "data=" + ServerInfoTestServer.loginJson("x".repeat(20_000), "y");

        Reply declared = server.post(huge);
        Reply streamed = server.send(HttpMethod.POST, huge, true);

        for (Reply reply : List.of(declared, streamed)) {
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.json().path("result").asText()).isEqualTo("fail");
            assertThat(reply.json().path("message").asText()).contains("16384 bytes");
            assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }

    @Test
    void aBodyThatIsNotTheLoginRequestIs400SayingWhatIsWrong() {
        assertBadRequest("", "The body is empty");
        assertBadRequest("data=not json", "The body must be data= followed by the login request as JSON");
        assertBadRequest("data=%zz", "The body must be data= followed by the login request as JSON");
        assertBadRequest("data=[1,2,3]", "The login request must be a JSON object");
        assertBadRequest("data={\"module\":\"chat\",\"method\":\"login\"}", "Parameter 'params' must be");
        assertBadRequest("data={\"method\":\"login\",\"params\":[\"\",\"a\"]}", "Parameter 'params' must be");
        assertBadRequest("data={\"method\":\"logout\",\"params\":[\"\",\"a\",\"b\",\"\"]}",
                "/serverInfo takes the login request only: 'method' must be 'login', not \"logout\"");
        assertBadRequest("data={\"module\":\"entry\",\"params\":[\"\",\"a\",\"b\",\"\"]}", "'module' must be 'chat'");
        assertBadRequest("data={\"params\":[\"\",7,\"b\",\"\"]}", "Parameter 'account' (params[1]) must be a string");
        assertBadRequest("data={\"params\":[\"\",\"a\",12345,\"\"]}",
                "Parameter 'password' (params[2]) must be a string, not a JSON number");
        assertBadRequest("data=" + ServerInfoTestServer.loginJson("x".repeat(65), "p"),
                "Parameter 'account' must be 1 to 64 characters.");
        assertBadRequest("data=" + ServerInfoTestServer.loginJson("   ", "p"),
                "Parameter 'account' must be 1 to 64 characters.");
    }

    private void assertBadRequest(String body, String message) {
        Reply reply = server.post(body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.header("Content-Type")).as(body).startsWith("application/json");
        assertThat(reply.json().path("result").asText()).as(body).isEqualTo("fail");
        assertThat(reply.json().path("message").asText()).as(body).contains(message);
        // the password is never echoed
        assertThat(reply.body()).as(body).doesNotContain("12345");
    }

    @Test
    void busyPasswordThreadsAre503WithRetryAfter() {
        LoginStormTest.GatedHasher gated = new LoginStormTest.GatedHasher();
        // one password thread, no waiting room
        try (PresenceFixture busy = new PresenceFixture(gated, 1, 0);
             ServerInfoTestServer busyServer = new ServerInfoTestServer(busy.logins, null)) {
            busy.account("gwen");
            // the only thread holds a verification until the gate opens
            CompletableFuture<Reply> holding = CompletableFuture.supplyAsync(
                    () -> busyServer.login("gwen", PresenceFixture.PASSWORD));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> busy.work.running() == 1);

            Reply refused = busyServer.login("gwen", PresenceFixture.PASSWORD);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().path("result").asText()).isEqualTo("fail");
            assertThat(refused.json().path("message").asText()).contains("busy");
            assertThat(refused.json().path("data").path("retryAfter").asInt()).isEqualTo(1);
            gated.gate.countDown();
            assertThat(holding.join().status()).isEqualTo(200);
        } finally {
            gated.gate.countDown();
        }
    }

    @Test
    void everyAnswerCarriesTheCorsHeadersAndThePreflightIsAnswered() {
        presence.account("hana");
        List<Reply> answers = List.of(server.login("hana", PresenceFixture.PASSWORD),
                server.login("hana", PasswordHasher.md5("wrong")), server.post("data=nonsense"));
        assertThat(answers).extracting(Reply::status).containsExactly(200, 401, 400);
        Reply preflight = server.send(HttpMethod.OPTIONS, null, false, "Origin", "http://web.example.com",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertThat(preflight.status()).as(preflight.body()).isEqualTo(204);

        for (Reply reply : List.of(answers.get(0), answers.get(1), answers.get(2), preflight)) {
            assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(reply.header("Access-Control-Allow-Methods")).contains("POST", "OPTIONS");
            assertThat(reply.header("Access-Control-Allow-Headers")).containsIgnoringCase("Content-Type");
        }
    }

    @Test
    void anotherMethodIs405WithAJsonBody() {
        Reply get = server.send(HttpMethod.GET, null, false);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST, OPTIONS");
        assertThat(get.json().path("message").asText()).contains("POST the login to /serverInfo");
    }

    @Test
    void theSocketUrlFollowsTheHostOrTheForwardedHeaders() {
        long ivan = presence.account("ivan");

        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "im.example.com:11443"),
                ivan, "ws://im.example.com:11443/xxc/ws", 11443);
        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "im.example.com"),
                ivan, "ws://im.example.com/xxc/ws", 80);
        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "[::1]:9000"),
                ivan, "ws://[::1]:9000/xxc/ws", 9000);
        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "internal:8081",
                        "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example.com"),
                ivan, "wss://chat.example.com/xxc/ws", 443);
        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "internal:8081",
                        "X-Forwarded-Proto", "https,http", "X-Forwarded-Host", "chat.example.com, proxy.local",
                        "X-Forwarded-Port", "8443"),
                ivan, "wss://chat.example.com:8443/xxc/ws", 8443);
        assertSocketBase(server.login("ivan", PresenceFixture.PASSWORD, "Host", "im.example.com:11443",
                        "X-Forwarded-Proto", "gopher"),
                ivan, "ws://im.example.com:11443/xxc/ws", 11443);
    }

    @Test
    void aHeaderThatIsNotAHostFallsBackToTheAddressTheRequestCameIn() {
        long jack = presence.account("jack");
        String local = "ws://127.0.0.1:" + server.port() + "/xxc/ws";

        for (String bad : List.of("evil.example.com/steal?x=", "a b", "host:99999", "<script>", "user@host",
                "[not-v6]:80", "1.2.3.999", "-leading.example.com")) {
            Reply reply = server.login("jack", PresenceFixture.PASSWORD, "X-Forwarded-Host", bad);
            assertSocketBase(reply, jack, local, server.port());
        }
        // a bad forwarded host with a good Host: the Host
        assertSocketBase(server.login("jack", PresenceFixture.PASSWORD, "X-Forwarded-Host", "a b", "Host",
                "im.example.com:11443"), jack, "ws://im.example.com:11443/xxc/ws", 11443);
        for (String bad : List.of("evil.example.com/steal?x=", "host:99999", "<script>", "user@host")) {
            assertSocketBase(server.login("jack", PresenceFixture.PASSWORD, "Host", bad), jack, local, server.port());
        }
    }

    @Test
    void aConfiguredSocketUrlIsHandedOutAsItIs() {
        long kate = presence.account("kate");
        try (ServerInfoTestServer configured = new ServerInfoTestServer(presence.logins,
                URI.create("wss://im.example.com:11443/xxc/ws"))) {
            assertSocketBase(configured.login("kate", PresenceFixture.PASSWORD, "Host", "other.example.com",
                    "X-Forwarded-Host", "elsewhere.example.com"), kate, "wss://im.example.com:11443/xxc/ws", 11443);
        }
        try (ServerInfoTestServer noPort = new ServerInfoTestServer(presence.logins,
                URI.create("wss://im.example.com/chat/socket"))) {
            assertSocketBase(noPort.login("kate", PresenceFixture.PASSWORD), kate, "wss://im.example.com/chat/socket",
                    443);
        }
    }

    private static void assertSocketBase(Reply reply, long userId, String base, int chatPort) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode info = reply.json();
        String ticket = info.path("token").asText().substring(0, XxcTokens.TICKET_LENGTH);
        assertThat(info.path("socketUrl").asText()).isEqualTo(XxcDoor.socketUrl(base, userId, ticket));
        assertThat(info.path("chatPort").asInt()).isEqualTo(chatPort);
    }

    /** The WebSocket login as presence gets it from the gateway. */
    private Response wsLogin(String account, String password, String connectionId) {
        ObjectNode params = ProtocolJson.nodes().objectNode()
                .put("account", account).put("password", password).put("status", "online");
        Command command = Command.request("cmd-" + commands.incrementAndGet(), "gw", connectionId, null,
                new Request(Methods.MODULE_CHAT, Methods.LOGIN, params, null, null), System.currentTimeMillis());
        return presence.dispatch(command).stream().filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .filter(d -> d.response() != null && Objects.equals(d.target().connectionId(), connectionId))
                .map(Delivery::response).findFirst().orElseThrow();
    }
}
