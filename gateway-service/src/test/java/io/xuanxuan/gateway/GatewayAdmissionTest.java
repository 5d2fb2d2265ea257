package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Admission control over real sockets (the fake bus never answers by itself): two commands in flight at
 * most; the third is refused at once with the busy {@code fail}; a response written or a closed connection
 * gives the slot back.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "xuanxuan.gateway.id=gwadmission",
                "xuanxuan.gateway.max-in-flight=2",
                "xuanxuan.gateway.busy-retry-after=2s",
                // far longer than the test: no slot expires while it counts them (the timeout: InFlightCommandsTest)
                "xuanxuan.gateway.in-flight-timeout=10m"
        })
class GatewayAdmissionTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String BUSY = CommandGate.busyMessage(2);

    @Test
    void beyondTheBoundARequestIsRefusedAtOnceAndAResponseOrACloseGivesTheSlotBack() {
        LoggedIn alice = connectAndLogin();
        LoggedIn bob = connectAndLogin();
        assertThat(inFlight()).as("answered logins hold no slot").isZero();
        double busyBefore = counter("xuanxuan.gateway.requests.rejected", "reason", "busy");

        Command first = sendAndAwaitPublished(alice, Methods.GET_LIST);
        sendAndAwaitPublished(alice, Methods.HISTORY);
        assertThat(inFlight()).isEqualTo(2);

        bob.client().sendRaw(request("chat", "getList", bob.sid()));
        JsonNode refused = bob.client().next();
        assertThat(refused.path("result").asText()).isEqualTo("fail");
        assertThat(refused.path("method").asText()).isEqualTo("getList");
        assertThat(refused.path("message").asText()).isEqualTo(BUSY);
        assertThat(refused.path("data").path("retryAfter").asInt()).isEqualTo(2);
        assertThat(counter("xuanxuan.gateway.requests.rejected", "reason", "busy")).isEqualTo(busyBefore + 1);
        assertThat(bus.commandsOf(bob.connectionId())).as("a refused request is not published")
                .noneMatch(p -> p.command().request() != null && p.command().request().route().equals("chat/getlist"));
        // a ping is answered by the gateway itself: never refused
        assertServed(bob);

        // a login is a command too: refused, and the connection may log in once there is room
        WsClient carol = connect();
        carol.sendRaw("{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"carol\",\"5f4dcc3b5aa765d61d8327deb882cf99\",\"online\"]}");
        JsonNode loginRefused = carol.next();
        assertThat(loginRefused.path("result").asText()).isEqualTo("fail");
        assertThat(loginRefused.path("message").asText()).isEqualTo(BUSY);
        assertThat(loginRefused.path("data").asText()).as("login failures carry the reason in data").isEqualTo(BUSY);

        // the response to alice's first command frees its slot; a duplicate of it frees no one else's
        Response answer = Response.success(first.request(), null);
        bus.deliver(Delivery.response(alice.connectionId(), answer));
        assertThat(alice.client().next().path("method").asText()).isEqualTo("getList");
        assertThat(inFlight()).isEqualTo(1);
        bus.deliver(Delivery.response(alice.connectionId(), answer));
        assertThat(inFlight()).as("a duplicate response frees no slot of another route").isEqualTo(1);

        sendAndAwaitPublished(bob, Methods.GET_LIST);
        assertThat(inFlight()).isEqualTo(2);

        // alice's connection closes: its command in flight will never be answered to anyone
        alice.client().close();
        await(() -> inFlight() == 1, "alice's slot freed at her close");
        login(carol, newUserId());
        assertThat(inFlight()).isEqualTo(1);
    }

    private Command sendAndAwaitPublished(LoggedIn session, String method) {
        int before = bus.commandsOf(session.connectionId()).size();
        session.client().sendRaw(request("chat", method, session.sid()));
        List<FakeMessageBus.Published> commands = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .alias(method + " was published")
                .until(() -> bus.commandsOf(session.connectionId()), published -> published.size() > before);
        Command command = commands.get(before).command();
        assertThat(command.request().method()).isEqualTo(method);
        assertThat(bus.published()).anyMatch(p -> p.topic().equals(Topics.commands(ServiceName.CHAT)));
        return command;
    }

    private double inFlight() {
        Gauge gauge = meters.find("xuanxuan.gateway.commands.in.flight").gauge();
        return gauge != null ? gauge.value() : Double.NaN;
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).alias(what).until(condition::getAsBoolean);
    }
}
