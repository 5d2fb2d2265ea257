package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The gateway over real sockets, with its default limits, on the fake bus. */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "xuanxuan.gateway.id=gwtest")
class GatewayWebSocketTest extends GatewayTestSupport {

    @Autowired
    GatewayProperties properties;

    // --- bad input ----------------------------------------------------------------------------

    @Test
    void malformedJsonIsAnsweredFail() {
        WsClient client = connect();
        client.sendRaw("{\"module\":\"chat\",\"method\":");
        JsonNode answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText()).startsWith("Malformed JSON");
        assertThat(answer.has("module")).isFalse();

        client.sendRaw("not json at all");
        assertThat(client.next().path("message").asText()).startsWith("Malformed JSON");
    }

    @Test
    void arraysAndNumbersAreNotRequests() {
        WsClient client = connect();
        client.sendRaw("[{\"module\":\"chat\",\"method\":\"ping\"}]");
        JsonNode answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText())
                .isEqualTo("A request must be a JSON object {module, method, params, sid}, not an array.");

        client.sendRaw("42");
        assertThat(client.next().path("message").asText())
                .isEqualTo("A request must be a JSON object {module, method, params, sid}, not a number.");
    }

    @Test
    void wrongFieldTypesAreNamedAndModuleMethodEchoed() {
        WsClient client = connect();
        client.sendRaw("{\"module\":7,\"method\":\"ping\"}");
        JsonNode answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText())
                .isEqualTo("Field 'module' is required and must be a non-empty string.");
        assertThat(answer.path("method").asText()).isEqualTo("ping");

        client.sendRaw("{\"module\":\"Chat\",\"method\":\"getList\",\"params\":\"all\"}");
        answer = client.next();
        assertThat(answer.path("message").asText())
                .isEqualTo("Field 'params' must be an object or an array, not a string.");
        assertThat(answer.path("module").asText()).isEqualTo("Chat");
        assertThat(answer.path("method").asText()).isEqualTo("getList");

        client.sendRaw("{\"module\":\"chat\",\"method\":\"userGetlist\",\"sid\":12345}");
        answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText()).isEqualTo("Field 'sid' must be a string.");
        assertThat(answer.path("method").asText()).isEqualTo("userGetlist");
    }

    @Test
    void binaryFramesAreAnsweredFail() {
        WsClient client = connect();
        client.sendBinary(new byte[] {1, 2, 3});
        JsonNode answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText()).isEqualTo("Send JSON text frames.");
    }

    @Test
    void unknownModuleAndMethodAreNamed() {
        LoggedIn session = connectAndLogin();
        session.client().sendRaw(request("mail", "send", session.sid()));
        JsonNode answer = session.client().next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("module").asText()).isEqualTo("mail");
        assertThat(answer.path("message").asText()).isEqualTo("Unknown module 'mail'.");

        session.client().sendRaw(request("chat", "frobnicate", session.sid()));
        answer = session.client().next();
        assertThat(answer.path("message").asText()).isEqualTo("Unknown method 'frobnicate' in module 'chat'.");
        assertThat(bus.commandsOf(session.connectionId())).hasSize(1); // the login only
    }

    // --- sessions -----------------------------------------------------------------------------

    @Test
    void requestWithoutSidIsDeniedAndNotPublished() {
        WsClient client = connect();
        client.sendRaw(request("chat", "userGetlist", null));
        JsonNode answer = client.next();
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        assertThat(answer.path("message").asText()).isEqualTo("Log in first.");
        assertThat(answer.path("method").asText()).isEqualTo("userGetlist");

        client.sendRaw(ping(null));
        assertThat(client.next().path("result").asText()).isEqualTo("denied");
        // learn the connection id from a login: it is the only command ever published for this connection
        client.sendRaw("{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"nobody-" + port + "\",\"x\",\"online\"]}");
        Command login = bus.await(p -> p.record() instanceof Command c && ("nobody-" + port).equals(firstParam(c)), TIMEOUT).command();
        assertThat(bus.commandsOf(login.connectionId())).extracting(p -> p.command().request().route())
                .containsExactly("chat/login");
    }

    @Test
    void loggedInConnectionWithoutSidIsDenied() {
        LoggedIn session = connectAndLogin();
        session.client().sendRaw(request("chat", "getList", null));
        JsonNode answer = session.client().next();
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        assertThat(answer.path("message").asText()).isEqualTo(CommandGate.SID_REQUIRED);
        assertThat(bus.commandsOf(session.connectionId())).hasSize(1);
    }

    @Test
    void sidOfAnotherConnectionIsDenied() {
        LoggedIn alice = connectAndLogin();
        LoggedIn bob = connectAndLogin();
        WsClient stranger = connect();

        bob.client().sendRaw(request("chat", "getList", alice.sid()));
        JsonNode answer = bob.client().next();
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        assertThat(answer.path("message").asText()).isEqualTo("This sid does not belong to this connection.");

        stranger.sendRaw(request("chat", "getList", alice.sid()));
        answer = stranger.next();
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        assertThat(answer.path("message").asText()).isEqualTo("This sid does not belong to this connection.");

        assertThat(bus.commandsOf(bob.connectionId())).hasSize(1);
        assertThat(bus.published()).noneMatch(p -> p.record() instanceof Command c && c.request() != null
                && c.request().route().equals("chat/getlist") && alice.sid().equals(c.request().sid()));
    }

    @Test
    void pingIsAnsweredByTheGatewayWithTheSid() {
        LoggedIn session = connectAndLogin();
        session.client().sendRaw(request("CHAT", "Ping", session.sid()));
        JsonNode answer = session.client().next();
        assertThat(answer.path("module").asText()).isEqualTo("CHAT");
        assertThat(answer.path("method").asText()).isEqualTo("Ping");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        assertThat(answer.path("sid").asText()).isEqualTo(session.sid());
        assertThat(bus.commandsOf(session.connectionId())).hasSize(1); // not published
    }

    @Test
    void loginIsPublishedWithoutUserKeyedByAccount() {
        WsClient client = connect();
        client.sendRaw("{\"module\":\"chat\",\"method\":\"LOGIN\",\"params\":[\"carol-" + port + "\",\"md5\",\"online\"]}");
        FakeMessageBus.Published published = bus.await(p -> p.record() instanceof Command c && ("carol-" + port).equals(firstParam(c)), TIMEOUT);
        Command command = published.command();
        assertThat(published.topic()).isEqualTo("xx.commands.presence");
        assertThat(command.type()).isEqualTo(Command.Type.REQUEST);
        assertThat(command.userId()).isNull();
        assertThat(command.gatewayId()).isEqualTo("gwtest");
        assertThat(command.connectionId()).startsWith("gwtest-");
        assertThat(published.key()).isEqualTo("account:carol-" + port);
        assertThat(command.request().method()).isEqualTo("LOGIN");
        assertThat(command.commandId()).isNotBlank();
        assertThat(command.receivedAt()).isPositive();
    }

    @Test
    void loginResponseBindsTheSidForTheNextRequest() {
        LoggedIn session = connectAndLogin();
        session.client().sendRaw("{\"module\":\"chat\",\"method\":\"message\",\"sid\":\"" + session.sid()
                + "\",\"params\":{\"messages\":[{\"gid\":\"m1\",\"cgid\":\"1&2\",\"content\":\"hi\"}]}}");
        FakeMessageBus.Published published = bus.await(p -> p.record() instanceof Command c
                && c.connectionId().equals(session.connectionId()) && c.request() != null
                && c.request().route().equals("chat/message"), TIMEOUT);
        assertThat(published.topic()).isEqualTo(Topics.commands(ServiceName.CHAT));
        assertThat(published.key()).as("one chat's messages share a key").isEqualTo("chat:1&2");
        assertThat(published.command().userId()).isEqualTo(session.userId());
        assertThat(published.command().request().params().path("messages").path(0).path("content").asText())
                .isEqualTo("hi");

        session.client().sendRaw(request("attach", "getList", session.sid()));
        assertThat(bus.await(p -> p.record() instanceof Command c && c.connectionId().equals(session.connectionId())
                && c.request() != null && c.request().route().equals("attach/getlist"), TIMEOUT).topic())
                .isEqualTo("xx.commands.file");
    }

    @Test
    void publishFailureAnswersServiceUnavailable() {
        LoggedIn session = connectAndLogin();
        bus.setFailing(true);
        try {
            session.client().sendRaw(request("chat", "getList", session.sid()));
            JsonNode answer = session.client().next();
            assertThat(answer.path("result").asText()).isEqualTo("fail");
            assertThat(answer.path("message").asText()).isEqualTo("Service unavailable, try again.");
            assertThat(answer.path("method").asText()).isEqualTo("getList");
        } finally {
            bus.setFailing(false);
        }
    }

    // --- deliveries ---------------------------------------------------------------------------

    @Test
    void pushToUsersReachesOnlyTheirConnections() {
        LoggedIn alice = connectAndLogin();
        LoggedIn bob = connectAndLogin();
        WsClient anonymous = connect();

        bus.deliver(Delivery.push(DeliveryTarget.user(alice.userId()),
                PushPacket.of("message", List.of(Map.of("gid", "g-1", "content", "for alice")))));
        JsonNode push = alice.client().next();
        assertThat(push.isArray()).isTrue();
        assertThat(push).hasSize(1);
        assertThat(push.get(0).path("id").isIntegralNumber()).isTrue();
        assertThat(push.get(0).path("id").asLong()).isPositive();
        assertThat(push.get(0).path("module").asText()).isEqualTo("chat");
        assertThat(push.get(0).path("method").asText()).isEqualTo("message");
        assertThat(push.get(0).path("data").path(0).path("content").asText()).isEqualTo("for alice");

        // bob's and the anonymous connection's next frames are the ones meant for them, not alice's
        bus.deliver(Delivery.push(DeliveryTarget.users(List.of(bob.userId(), 999_999L)),
                List.of(PushPacket.of("message", "for bob"), new PushPacket(77L, "chat", "message", new TextNode("queued")))));
        JsonNode bobs = bob.client().nextFrame(TIMEOUT); // one delivery's packets: one frame
        assertThat(bobs.get(0).path("data").asText()).isEqualTo("for bob");
        assertThat(bobs.get(1).path("id").asLong()).isEqualTo(77); // an offline-queue id is kept
        assertThat(bobs.get(0).path("id").asLong()).isGreaterThan(push.get(0).path("id").asLong());

        anonymous.sendRaw(ping(null));
        assertThat(anonymous.next().path("result").asText()).isEqualTo("denied");
        assertThat(alice.client().pending()).isZero();
    }

    @Test
    void queuedPushesAreAcknowledgedToTheOfflineServiceOnceWritten() {
        LoggedIn alice = connectAndLogin();
        bus.deliver(Delivery.queued(alice.connectionId(), List.of(
                new PushPacket(501L, "chat", "message", new TextNode("first")),
                new PushPacket(502L, "chat", "message", new TextNode("second")))));
        JsonNode push = alice.client().nextFrame(TIMEOUT);
        assertThat(push.get(0).path("id").asLong()).isEqualTo(501);
        assertThat(push.get(1).path("id").asLong()).isEqualTo(502);

        FakeMessageBus.Published ack = bus.await(p -> p.record() instanceof OfflineCommand c
                && c.type() == OfflineCommand.Type.ACK && c.userId() == alice.userId(), TIMEOUT);
        OfflineCommand command = (OfflineCommand) ack.record();
        assertThat(ack.topic()).isEqualTo(Topics.commands(ServiceName.OFFLINE));
        assertThat(ack.key()).isEqualTo(Long.toString(alice.userId()));
        assertThat(command.ids()).containsExactly(501L, 502L);
        assertThat(command.connectionId()).isEqualTo(alice.connectionId());
    }

    @Test
    void queuedPushesForAConnectionThatIsGoneAreNotAcknowledged() {
        LoggedIn bob = connectAndLogin();
        bob.client().close();
        await().atMost(TIMEOUT).until(() -> registry.get(bob.connectionId()).isEmpty());
        bus.deliver(Delivery.queued(bob.connectionId(), List.of(new PushPacket(601L, "chat", "message",
                new TextNode("lost?")))));
        LoggedIn witness = connectAndLogin();
        assertServed(witness);
        assertThat(bus.find(p -> p.record() instanceof OfflineCommand c && c.type() == OfflineCommand.Type.ACK
                && c.userId() == bob.userId())).isEmpty();
    }

    @Test
    void pushToAllButOneSkipsThatUserAndAnonymousConnections() {
        LoggedIn alice = connectAndLogin();
        LoggedIn bob = connectAndLogin();
        LoggedIn bobAgain = login(connect(), bob.userId());
        WsClient anonymous = connect();

        bus.deliver(Delivery.push(DeliveryTarget.allExcept(alice.userId()),
                PushPacket.of("login", Map.of("id", alice.userId(), "status", "online"))));
        assertThat(bob.client().next().get(0).path("data").path("id").asLong()).isEqualTo(alice.userId());
        assertThat(bobAgain.client().next().get(0).path("method").asText()).isEqualTo("login");

        assertServed(alice);
        assertThat(alice.client().pending()).isZero();
        anonymous.sendRaw(ping(null));
        assertThat(anonymous.next().path("result").asText()).isEqualTo("denied");
    }

    @Test
    void kickoffNoticeIsWrittenThenTheConnectionClosed() {
        LoggedIn old = connectAndLogin();
        LoggedIn other = connectAndLogin();
        JsonNode notice = ProtocolJson.toTree(Map.of("module", "chat", "method", "kickoff",
                "message", "This account logined in another place."));

        bus.deliver(Delivery.noticeAndClose(old.connectionId(), notice));

        JsonNode received = old.client().next();
        assertThat(received.isObject()).isTrue();
        assertThat(received.path("method").asText()).isEqualTo("kickoff");
        assertThat(received.path("message").asText()).isEqualTo("This account logined in another place.");
        assertThat(old.client().awaitClose().code()).isEqualTo(1000);

        FakeMessageBus.Published closed = bus.await(p -> p.record() instanceof Command c
                && c.type() == Command.Type.CONNECTION_CLOSED && c.connectionId().equals(old.connectionId()),
                TIMEOUT);
        assertThat(closed.topic()).isEqualTo("xx.commands.presence");
        assertThat(closed.key()).isEqualTo(Long.toString(old.userId()));
        assertThat(closed.command().userId()).isEqualTo(old.userId());
        assertThat(registry.get(old.connectionId())).isEmpty();
        assertThat(registry.ofUser(old.userId())).isEmpty();
        assertServed(other);
    }

    @Test
    void deliveriesForConnectionsOfOtherGatewaysAreSkipped() {
        LoggedIn session = connectAndLogin();
        bus.deliver(Delivery.noticeAndClose("othergw-1", ProtocolJson.toTree(Map.of("method", "kickoff"))));
        assertServed(session);
        assertThat(bus.groups(Topics.DELIVERIES)).contains("gateway-gwtest");
    }

    @Test
    void anonymousConnectionClosingPublishesNothing() {
        WsClient client = connect();
        client.sendRaw(request("chat", "login", null));
        Command login = bus.await(p -> p.record() instanceof Command c && c.request() != null
                && c.request().route().equals("chat/login") && c.request().params() == null
                && registry.get(c.connectionId()).isPresent(), TIMEOUT).command();
        client.close();
        Awaitility.await().atMost(TIMEOUT).until(() -> registry.get(login.connectionId()).isEmpty());
        assertThat(bus.commandsOf(login.connectionId())).hasSize(1);
    }

    // --- limits -------------------------------------------------------------------------------

    @Test
    void oversizeFrameIsClosedWith1009AndOthersKeepWorking() {
        LoggedIn bystander = connectAndLogin();
        WsClient client = connect();
        client.sendRaw("{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"" + "x".repeat(properties.maxFrameBytes())
                + "\"]}");
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1009);
        assertServed(bystander);
    }

    @Test
    void oversizeFragmentedMessageIsClosedWith1009() {
        WsClient client = connect();
        int half = properties.maxFrameBytes() / 2 + 10;
        client.sendFrame(new TextWebSocketFrame(false, 0, "[\"" + "y".repeat(half)));
        client.sendFrame(new ContinuationWebSocketFrame(true, 0, "y".repeat(half) + "\"]"));
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1009);
    }

    @Test
    void requestFloodIsRefusedThenClosedWhileOthersAreServed() {
        LoggedIn bystander = connectAndLogin();
        LoggedIn flooder = connectAndLogin();
        int frames = 2000;
        long started = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            flooder.client().sendRaw(request("chat", "getList", flooder.sid()));
        }
        assertServed(bystander);

        WebSocketCloseStatus status = flooder.client().awaitClose(Duration.ofSeconds(10));
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1008);
        assertThat(status.reasonText()).isEqualTo("Too many requests");
        double seconds = (System.nanoTime() - started) / 1e9;

        int tooMany = 0;
        while (flooder.client().pending() > 0) {
            JsonNode answer = flooder.client().next();
            if (CommandGate.TOO_MANY_REQUESTS.equals(answer.path("message").asText())) {
                assertThat(answer.path("result").asText()).isEqualTo("fail");
                assertThat(answer.path("method").asText()).isEqualTo("getList");
                tooMany++;
            }
        }
        assertThat(tooMany).isEqualTo(properties.floodCloseAfter());
        long published = bus.commandsOf(flooder.connectionId()).stream()
                .filter(p -> p.command().request() != null && p.command().request().route().equals("chat/getlist"))
                .count();
        // the burst, plus what the bucket refilled while the flood was read: far from all 2000
        assertThat(published).isBetween((long) properties.burst(),
                (long) (properties.burst() + properties.requestsPerSecond() * seconds) + 1);
        assertServed(bystander);
        // counted right after the close was queued: the client may see the close first
        await().atMost(TIMEOUT).until(() -> counter("xuanxuan.gateway.closes", "reason", "flood") >= 1);
    }

    /**
     * The budget counts work, not frames: one frame with 190 messages takes 190 of the burst (200), so a
     * history request for 4,000 rows (200 tokens at 20 rows each) right after it is refused. (190, not
     * 200: the login took a token, and the bucket refills only 50 a second, so a message frame of the
     * whole burst right after the login would be refused too, or not, depending on timing.)
     */
    @Test
    void costlyRequestsTakeTheirCostFromTheBudget() {
        LoggedIn client = connectAndLogin();
        String messages = "[" + String.join(",", java.util.Collections.nCopies(properties.burst() - 10,
                "{\"gid\":\"1&2\",\"cgid\":\"1&2\",\"content\":\"x\"}")) + "]";
        client.client().sendRaw("{\"module\":\"chat\",\"method\":\"message\",\"sid\":\"" + client.sid()
                + "\",\"params\":{\"messages\":" + messages + "}}");
        client.client().sendRaw("{\"module\":\"chat\",\"method\":\"history\",\"sid\":\"" + client.sid()
                + "\",\"params\":[\"1&2\"," + properties.burst() * properties.historyRowsPerToken() + "]}");

        JsonNode refused = client.client().nextMatching(f -> "history".equals(f.path("method").asText()));
        assertThat(refused.path("result").asText()).isEqualTo("fail");
        assertThat(refused.path("message").asText()).isEqualTo(CommandGate.TOO_MANY_REQUESTS);
        // the message is published asynchronously; the refusal of history is written at once
        bus.await(p -> p.record() instanceof io.xuanxuan.model.bus.Command command
                && client.connectionId().equals(command.connectionId()) && command.request() != null
                && command.request().route().equals("chat/message"), java.time.Duration.ofSeconds(5));
        List<String> published = bus.commandsOf(client.connectionId()).stream()
                .filter(p -> p.command().request() != null).map(p -> p.command().request().route()).toList();
        assertThat(published).contains("chat/message").doesNotContain("chat/history");
    }
}
