package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.xuanxuan.gateway.transport.ConnectionLimits;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Connections per address and connections without a login are bounded (defect 5: 19,900 sockets from
 * one address used up the file descriptors). Every test connection comes from 127.0.0.1, so the
 * limits are small here: 6 per address, 3 without login, 5 s to log in (a login on a
 * loaded machine must fit in it).
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "xuanxuan.gateway.id=gwconnlimits",
                "xuanxuan.gateway.max-connections-per-address=6",
                "xuanxuan.gateway.max-unauthenticated-connections=3",
                "xuanxuan.gateway.login-timeout=5s"
        })
class GatewayConnectionLimitsTest extends GatewayTestSupport {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Autowired
    ConnectionLimits limits;

    private final List<WsClient.Raw> raw = new ArrayList<>();

    @BeforeEach
    @AfterEach
    void noConnectionLeft() {
        raw.forEach(WsClient.Raw::close);
        raw.clear();
        closeClients();
        Awaitility.await().atMost(Duration.ofSeconds(5)).alias("no connection still counted")
                .until(() -> limits.fromAddress(LOOPBACK) == 0 && limits.unauthenticated() == 0);
    }

    private WsClient.Raw openRaw() {
        WsClient.Raw client = WsClient.raw(port);
        raw.add(client);
        return client;
    }

    private static JsonNode json(String body) {
        try {
            return ProtocolJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void socketsWithoutLoginAreCappedWith503UntilOneLogsIn() throws Exception {
        WsClient willLogIn = connect();
        openRaw();
        openRaw();
        double before = counter("xuanxuan.gateway.connections.refused", "reason", "unauthenticated");

        WsClient.Raw.Upgrade refused = WsClient.Raw.tryUpgrade(port);
        assertThat(refused.statusLine()).startsWith("HTTP/1.1 503");
        assertThat(refused.head().toLowerCase()).contains("retry-after: 10");
        JsonNode body = json(refused.body());
        assertThat(body.path("result").asText()).isEqualTo("fail");
        assertThat(body.path("message").asText()).contains("waiting to log in");
        assertThat(counter("xuanxuan.gateway.connections.refused", "reason", "unauthenticated")).isEqualTo(before + 1);
        Gauge gauge = meters.find("xuanxuan.gateway.connections.unauthenticated").gauge();
        assertThat(gauge).isNotNull();
        assertThat(gauge.value()).isEqualTo(3);

        // a login frees its place: the next socket is let in
        LoggedIn in = login(willLogIn, newUserId());
        assertThat(limits.unauthenticated()).isEqualTo(2);
        openRaw().sendText("{\"module\":\"chat\",\"method\":\"ping\"}");
        assertServed(in);
    }

    @Test
    void connectionsFromOneAddressAreCappedWith429AndLoggedInOnesCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            connectAndLogin();
        }
        for (int i = 0; i < 3; i++) {
            openRaw();
        }
        assertThat(limits.fromAddress(LOOPBACK)).isEqualTo(6);
        double before = counter("xuanxuan.gateway.connections.refused", "reason", "per_address");

        WsClient.Raw.Upgrade refused = WsClient.Raw.tryUpgrade(port);
        assertThat(refused.statusLine()).startsWith("HTTP/1.1 429");
        JsonNode body = json(refused.body());
        assertThat(body.path("result").asText()).isEqualTo("fail");
        assertThat(body.path("message").asText()).contains("Too many connections from your address (at most 6)");
        assertThat(counter("xuanxuan.gateway.connections.refused", "reason", "per_address")).isEqualTo(before + 1);

        // closing one gives its place back
        raw.remove(0).close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limits.fromAddress(LOOPBACK) <= 5);
        WsClient.Raw again = openRaw();
        again.sendText("{\"module\":\"chat\",\"method\":\"ping\"}");
        assertThat(again.nextText(TIMEOUT)).contains("\"denied\"");
    }

    @Test
    void socketThatDoesNotLogInIsClosedAfterTheLoginTimeout() {
        LoggedIn in = connectAndLogin();
        WsClient.Raw lingering = openRaw();
        double before = counter("xuanxuan.gateway.closes", "reason", "no_login");

        WsClient.Raw.Ending ending = lingering.awaitEnding(Duration.ofSeconds(15));
        assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(1008);
        assertThat(ending.close().reason()).isEqualTo("Not logged in in time");
        // the close is counted after it is written: the client can see it first
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> counter("xuanxuan.gateway.closes", "reason", "no_login") >= before + 1);
        assertThat(counter("xuanxuan.gateway.closes", "reason", "no_login")).isEqualTo(before + 1);
        // the logged-in one, older than the timeout, stays
        assertServed(in);
    }

    /**
     * The 2.x clients' encrypted door runs through the same handler: its sockets count against the cap of sockets
     * without a login, and one that never logs in is closed at the login timeout like a {@code /ws} socket.
     */
    @Test
    void anEncryptedSocketCountsAsWaitingToLogInAndIsClosedAtTheLoginTimeout() throws Exception {
        io.xuanxuan.model.xxc.XxcTokens.Issued issued = io.xuanxuan.model.xxc.XxcTokens.of("")
                .issue(4242, java.time.Instant.now());
        String url = io.xuanxuan.model.xxc.XxcDoor.socketUrl("ws://x" + io.xuanxuan.model.xxc.XxcDoor.PATH, 4242,
                issued.ticket());
        openRaw();
        openRaw();
        try (XxcTestSocket encrypted = XxcTestSocket.connect(port, url.substring(url.indexOf('?') + 1),
                issued.token(), Duration.ofSeconds(15))) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> limits.unauthenticated() == 3);
            assertThat(WsClient.Raw.tryUpgrade(port).statusLine()).as("the fourth waiting socket")
                    .startsWith("HTTP/1.1 503");

            io.netty.handler.codec.http.websocketx.WebSocketCloseStatus close = encrypted.awaitClose();
            assertThat(close).as("a close frame").isNotNull();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reasonText()).isEqualTo("Not logged in in time");
        }
    }
}
