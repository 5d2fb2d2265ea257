package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.testclient.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Sockets that break RFC 6455, written byte by byte with {@link WsClient.Raw}: each gets the close code
 * the RFC names, as a close frame (not a TCP reset), and the log stays short. Same context as
 * {@link GatewayWebSocketTest} (same properties), so no second server is started.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "xuanxuan.gateway.id=gwtest")
@ExtendWith(OutputCaptureExtension.class)
class GatewayProtocolViolationTest extends GatewayTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    io.xuanxuan.gateway.transport.ConnectionLimits limits;


    private static final String UNAUTHENTICATED_PING = "{\"module\":\"chat\",\"method\":\"ping\"}";

    /**
     * 600 requests back to back, 2 KiB each: the gateway refuses 200 past the burst and closes with
     * 1008 while the rest are still arriving. The close frame must reach the client; closing the socket
     * with the rest unread would send a TCP reset, and the client would see 1006.
     */
    @Test
    void floodOf600BackToBackRequestsEndsWithClose1008NotAReset() throws Exception {
        String pad = "p".repeat(2048);
        byte[][] flood = new byte[600][];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = WsClient.Raw.text("{\"module\":\"chat\",\"method\":\"ping\",\"params\":[\"" + pad + "\"]}");
        }
        for (int round = 1; round <= 5; round++) {
            try (WsClient.Raw client = WsClient.raw(port)) {
                Thread writer = new Thread(() -> client.sendAll(flood), "flood-writer");
                writer.start();
                WsClient.Raw.Ending ending = client.awaitEnding(Duration.ofSeconds(10));
                writer.join(10_000);
                assertThat(ending.how()).as("round %d: how the socket ended", round).isEqualTo("close");
                assertThat(ending.code()).as("round %d", round).isEqualTo(1008);
                assertThat(ending.close().reason()).isEqualTo(CommandGate.FLOOD.getReason());
            }
        }
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            byte[] json = "{\"module\":\"chat\",\"method\":\"ping\",\"params\":[\"\"]}".getBytes(StandardCharsets.UTF_8);
            byte[] invalid = new byte[json.length + 2];
            int quote = new String(json, StandardCharsets.UTF_8).indexOf("\"\"") + 1; // inside the string
            System.arraycopy(json, 0, invalid, 0, quote);
            invalid[quote] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
            invalid[quote + 1] = (byte) 0x28;
            System.arraycopy(json, quote, invalid, quote + 2, json.length - quote);
            client.sendFrame(true, 0, WsClient.Raw.TEXT, invalid, true);
            WsClient.Raw.Ending ending = client.awaitEnding(TIMEOUT);
            assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(1007);
            assertThat(ending.how()).isEqualTo("close");
        }
    }

    @Test
    void invalidUtf8SplitOverFragmentsClosesWith1007() throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            client.sendFrame(false, 0, WsClient.Raw.TEXT, "[\"".getBytes(StandardCharsets.UTF_8), true);
            client.sendFrame(true, 0, 0x0, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'}, true); // a surrogate
            WsClient.Raw.Ending ending = client.awaitEnding(TIMEOUT);
            assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(1007);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void rsvBitsWithoutAnExtensionCloseWith1002(int rsv) throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            client.sendFrame(true, rsv, WsClient.Raw.TEXT, UNAUTHENTICATED_PING.getBytes(StandardCharsets.UTF_8), true);
            WsClient.Raw.Ending ending = client.awaitEnding(TIMEOUT);
            assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(1002);
            assertThat(ending.how()).isEqualTo("close");
        }
    }

    /** RFC 6455 7.4: codes a peer must not send. */
    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999})
    void invalidCloseCodesAreAnsweredWith1002(int code) throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            client.sendClose(code, "bye");
            WsClient.Raw.Ending ending = client.awaitEnding(TIMEOUT);
            assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(1002);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1011, 3000, 4999})
    void validCloseCodesAreEchoed(int code) throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            client.sendClose(code, "bye");
            WsClient.Raw.Ending ending = client.awaitEnding(TIMEOUT);
            assertThat(ending.code()).as("ended %s", ending.how()).isEqualTo(code);
        }
    }

    @Test
    void aConnectionStillWorksBetweenTheViolations() throws Exception {
        try (WsClient.Raw client = WsClient.raw(port)) {
            client.sendText(UNAUTHENTICATED_PING);
            assertThat(client.nextText(TIMEOUT)).contains("\"denied\"");
        }
    }

    /** Protocol violations are the client's fault: no WARN line with a stack trace for each. */
    @Test
    void protocolViolationsDoNotWriteAStackTraceEach(CapturedOutput output) throws Exception {
        int before = output.getAll().length();
        int unauthenticatedBefore = limits.unauthenticated();
        for (int i = 0; i < 20; i++) {
            try (WsClient.Raw client = WsClient.raw(port)) {
                client.sendFrame(true, 1, WsClient.Raw.TEXT, UNAUTHENTICATED_PING.getBytes(StandardCharsets.UTF_8), true);
                assertThat(client.awaitEnding(TIMEOUT).code()).isEqualTo(1002);
            }
            try (WsClient.Raw client = WsClient.raw(port)) {
                client.sendFrame(true, 0, 0x3, new byte[0], true); // a reserved opcode
                assertThat(client.awaitEnding(TIMEOUT).code()).isEqualTo(1002);
            }
            try (WsClient.Raw client = WsClient.raw(port)) {
                // the first fragment of a message, then the socket goes away
                client.sendFrame(false, 0, WsClient.Raw.TEXT, "[\"half".getBytes(StandardCharsets.UTF_8), true);
                client.sendText(UNAUTHENTICATED_PING); // not allowed in the middle of a message either
                client.awaitEnding(TIMEOUT);
            }
            try (WsClient.Raw client = WsClient.raw(port)) {
                client.sendFrame(false, 0, WsClient.Raw.TEXT, "[\"half".getBytes(StandardCharsets.UTF_8), true);
            }
        }
        // the server has noticed every socket's end (none of them logged in) before its log is read
        Awaitility.await().atMost(TIMEOUT).until(() -> limits.unauthenticated() <= unauthenticatedBefore);
        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain("\tat io.netty").doesNotContain("CorruptedWebSocketFrameException:")
                .doesNotContain("PrematureChannelClosureException").doesNotContain(" WARN ");
        long lines = logged.lines().filter(line -> line.contains("protocol violation")).count();
        assertThat(lines).as("lines about protocol violations in:%n%s", logged).isLessThanOrEqualTo(2);
    }
}
