package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.ConnectionLimits;
import io.xuanxuan.gateway.transport.LegacyTcpServer;
import io.xuanxuan.testclient.TcpClient;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The limits of the legacy TCP door over real sockets, on the fake bus, with short limits so that each shows in
 * seconds: nothing received for {@code tcp.idle-timeout} (2 s here) closes a socket, no login within
 * {@code login-timeout} (3 s) closes it however busy it is, the {@code max-connections-per-address} (4, counted
 * with WebSocket connections) refuses the next socket with a {@code fail} line, and a line that is not UTF-8 is
 * read with replacement characters and answered like any other line.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xuanxuan.gateway.id=gwtcplimits", "xuanxuan.gateway.tcp.enabled=true",
                "xuanxuan.gateway.tcp.port=0", "xuanxuan.gateway.tcp.idle-timeout=2s",
                "xuanxuan.gateway.login-timeout=3s", "xuanxuan.gateway.max-connections-per-address=4",
                "xuanxuan.gateway.close-timeout=1s"})
class GatewayTcpDoorLimitsTest extends GatewayTestSupport {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration LOGIN = Duration.ofSeconds(3);

    @Autowired
    LegacyTcpServer tcp;

    @Autowired
    ConnectionLimits limits;

    /** Every test starts with no connection counted from 127.0.0.1 (the per-address test counts them). */
    @BeforeEach
    @AfterEach
    void noConnectionLeft() {
        closeClients();
        await().atMost(Duration.ofSeconds(5)).alias("no connection still counted")
                .until(() -> limits.fromAddress(LOOPBACK) == 0);
    }

    private TcpClient tcpConnect() {
        return trackTcp(TcpClient.connect(tcp.port()));
    }

    private TcpSession tcpLogin() {
        return tcpLogin(tcpConnect(), newUserId());
    }

    /**
     * Keeps connections busy: a ping every 300 ms (well within the idle limit) on each still open until the time
     * has passed. {@code sids[i]} is the sid of {@code clients[i]} (null: not logged in).
     */
    private static void pingFor(Duration time, TcpClient[] clients, String... sids) throws InterruptedException {
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            for (int i = 0; i < clients.length; i++) {
                if (!clients[i].isEnded()) {
                    try {
                        clients[i].sendRaw(ping(sids[i]));
                    } catch (IllegalStateException closedMeanwhile) {
                        // the server closed it between the check and the write
                    }
                }
            }
            Thread.sleep(300);
        }
    }

    @Test
    void aSocketFromWhichNothingArrivesForTheIdleLimitIsClosedWhileABusyOneStays() throws Exception {
        TcpSession silent = tcpLogin();
        TcpSession busy = tcpLogin();
        double before = counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_IDLE);

        // twice the idle limit: the busy one is served throughout, the silent one is closed
        pingFor(IDLE.multipliedBy(2), new TcpClient[] {busy.client()}, busy.sid());
        assertThat(silent.client().isEnded()).as("the silent socket was closed").isTrue();
        assertThat(silent.client().endedBy()).startsWith("end of stream");
        assertThat(busy.client().isEnded()).as("the busy socket stays").isFalse();
        assertServed(busy);
        await().atMost(TIMEOUT).until(() -> registry.get(silent.connectionId()).isEmpty());
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_IDLE)).isEqualTo(before + 1));
    }

    @Test
    void aSocketThatDoesNotLogInIsClosedAtTheLoginDeadlineEvenWhenBusy() throws Exception {
        TcpSession loggedIn = tcpLogin();
        TcpClient lingering = tcpConnect();
        double before = counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_NO_LOGIN);

        // pings without a login (each answered denied) keep it from being idle, not from the deadline
        pingFor(LOGIN.plus(Duration.ofSeconds(2)), new TcpClient[] {lingering, loggedIn.client()}, null, loggedIn.sid());
        assertThat(lingering.isEnded()).as("closed at the login deadline").isTrue();
        JsonNode first = lingering.next();
        assertThat(first.path("result").asText()).isEqualTo("denied");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_NO_LOGIN)).isEqualTo(before + 1));
        // the logged-in one, older than the deadline and kept busy meanwhile, stays
        assertThat(loggedIn.client().isEnded()).isFalse();
        assertServed(loggedIn);
    }

    @Test
    void theSocketOverTheLimitPerAddressGetsAFailLineAndIsClosedWhileTheOthersAreServed() throws Exception {
        TcpSession first = tcpLogin();
        TcpSession second = tcpLogin();
        TcpSession third = tcpLogin();
        // pinged meanwhile: none may reach the idle limit however slow this machine is
        Thread keeper = new Thread(() -> {
            try {
                pingFor(TIMEOUT.multipliedBy(2), new TcpClient[] {first.client(), second.client(), third.client()},
                        first.sid(), second.sid(), third.sid());
            } catch (InterruptedException stopped) {
                // the test is done with them
            }
        }, "keeper");
        keeper.setDaemon(true);
        keeper.start();
        try {
            LoggedIn webSocket = connectAndLogin(); // both doors count against the same limit
            await().atMost(TIMEOUT).untilAsserted(() ->
                    assertThat(limits.fromAddress(LOOPBACK)).as("connections from 127.0.0.1").isEqualTo(4));
            double before = counter("xuanxuan.gateway.connections.refused", "reason", "per_address");

            TcpClient refused = tcpConnect();
            JsonNode answer = refused.next();
            assertThat(answer.path("result").asText()).isEqualTo("fail");
            assertThat(answer.path("message").asText())
                    .isEqualTo("Too many connections from your address (at most 4): close one and try again.");
            assertThat(refused.awaitEnd(TIMEOUT)).as("the refused socket is closed").isTrue();
            assertThat(refused.lines()).hasSize(1);
            assertThat(counter("xuanxuan.gateway.connections.refused", "reason", "per_address")).isEqualTo(before + 1);
            assertServed(webSocket);
        } finally {
            keeper.interrupt();
            keeper.join();
        }
        for (TcpSession session : java.util.List.of(first, second, third)) {
            assertThat(session.client().isEnded()).isFalse();
            assertAnswered(session);
        }

        // closing one gives its place back
        first.client().close();
        await().atMost(TIMEOUT).until(() -> limits.fromAddress(LOOPBACK) == 3);
        assertServed(tcpLogin());
    }

    /** A ping spelled {@code Ping} (not as the keeper's): its answer is this request's, not an earlier one's. */
    private static void assertAnswered(TcpSession session) {
        session.client().sendRaw(request("chat", "Ping", session.sid()));
        JsonNode answer = session.client().nextMatching(item -> "Ping".equals(item.path("method").asText()));
        assertThat(answer.path("result").asText()).isEqualTo("success");
    }

    /**
     * Bytes that are not UTF-8 are read as replacement characters (a line is decoded whole, so a character split
     * over several reads is intact): inside a JSON string the request is valid and answered, elsewhere it is
     * malformed JSON and refused; either way the connection and the others go on.
     */
    @Test
    void invalidUtf8InALineIsReadWithReplacementCharactersAndAnsweredWhileAllGoesOn() throws Exception {
        TcpSession session = tcpLogin();
        TcpSession other = tcpLogin();
        String sid = session.sid();

        // in a param: a valid ping
        session.client().sendBytes(bytes("{\"module\":\"chat\",\"method\":\"ping\",\"sid\":\"" + sid
                + "\",\"params\":[\"", 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80, "\"]}\n"));
        JsonNode pong = session.client().next();
        assertThat(pong.path("method").asText()).isEqualTo("ping");
        assertThat(pong.path("result").asText()).isEqualTo("success");

        // in the method name: the gate names the method it read, replacement characters and all
        session.client().sendBytes(bytes("{\"module\":\"chat\",\"method\":\"x", 0xFF, "y\",\"sid\":\"" + sid + "\"}\n"));
        JsonNode unknown = session.client().next();
        assertThat(unknown.path("result").asText()).isEqualTo("fail");
        assertThat(unknown.path("message").asText()).isEqualTo("Unknown method 'x\uFFFDy' in module 'chat'.");

        // outside any string: malformed JSON, refused with the reason
        session.client().sendBytes(bytes("{", 0xFE, "\"module\":\"chat\",\"method\":\"ping\"}\n"));
        JsonNode malformed = session.client().next();
        assertThat(malformed.path("result").asText()).isEqualTo("fail");
        assertThat(malformed.path("message").asText()).startsWith("Malformed JSON");

        // a valid character split over several reads is one character
        byte[] split = ("{\"module\":\"chat\",\"method\":\"f\u00FC\u4E2D\uD83D\uDE00\",\"sid\":\"" + sid + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        for (byte b : split) {
            session.client().sendBytes(new byte[] {b});
            Thread.sleep(1); // separate segments: TCP_NODELAY is on in the client
        }
        assertThat(session.client().next().path("message").asText())
                .isEqualTo("Unknown method 'f\u00FC\u4E2D\uD83D\uDE00' in module 'chat'.");

        assertThat(session.client().isEnded()).isFalse();
        assertServed(session);
        assertServed(other);
    }

    /** Text and raw bytes (given as ints) in order, as one array. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
