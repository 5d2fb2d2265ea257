package io.xuanxuan.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.xuanxuan.gateway.metrics.GatewayMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;

/**
 * The connection's writer without a socket: what it hands the socket for the frames queued, with the
 * socket's demand under the test's control (a socket that cannot write makes frames wait in the queue).
 */
class ConnectionOutboundTest {

    private static final int MAX_PUSH_FRAME = 64;

    private WebSocketSession session;
    private Connection connection;
    private final Recorder written = new Recorder();

    /** Records what the writer emits; requests only what the test asks for. */
    static final class Recorder extends BaseSubscriber<WebSocketMessage> {
        final List<WebSocketMessage> messages = new ArrayList<>();
        volatile boolean completed;

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // no demand until the test asks: frames wait in the connection's queue
        }

        @Override
        protected void hookOnNext(WebSocketMessage message) {
            messages.add(message);
        }

        @Override
        protected void hookFinally(SignalType type) {
            completed = type == SignalType.ON_COMPLETE;
        }

        List<String> texts() {
            return messages.stream().map(m -> m.getType() == WebSocketMessage.Type.TEXT
                    ? m.getPayloadAsText(StandardCharsets.UTF_8) : m.getType().name()).toList();
        }
    }

    @BeforeEach
    void setUp() {
        session = mock(WebSocketSession.class);
        DataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
        when(session.bufferFactory()).thenReturn(factory);
        when(session.pingMessage(any())).thenAnswer(invocation -> {
            Function<DataBufferFactory, DataBuffer> payload = invocation.getArgument(0);
            return new WebSocketMessage(WebSocketMessage.Type.PING, payload.apply(factory));
        });
        when(session.close(any())).thenReturn(reactor.core.publisher.Mono.empty());
        connection = new Connection("gw-1", session, null, 100, MAX_PUSH_FRAME, Duration.ofSeconds(5), null,
                new GatewayMetrics(null));
        connection.outbound().subscribe(written);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void waitingPushesAreWrittenAsOneArray() {
        connection.push(utf8("[{\"id\":1}]"), null);
        connection.push(utf8("[{\"id\":2},{\"id\":3}]"), null);
        connection.push(utf8("[{\"id\":4}]"), null);
        written.request(10);
        assertThat(written.texts()).containsExactly("[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    }

    /**
     * The delivery latency ends when a frame goes to the socket, not when it is queued; pushes merged into
     * one frame count once, with their oldest message's accept time. Pushes without one are not counted.
     */
    @Test
    void deliveryLatencyIsRecordedWhenTheFrameIsWrittenOncePerFrameFromItsOldestMessage() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Connection measured = new Connection("gw-2", session, null, 100, MAX_PUSH_FRAME, Duration.ofSeconds(5),
                null, new GatewayMetrics(meters));
        Recorder socket = new Recorder();
        measured.outbound().subscribe(socket);
        io.micrometer.core.instrument.Timer latency = meters.get(GatewayMetrics.DELIVERY_LATENCY).timer();

        long now = System.currentTimeMillis();
        measured.push(utf8("[1]"), null, now - 60_000);
        measured.push(utf8("[2]"), null, now);
        measured.push(utf8("[3]"), null); // not a chat message: not measured
        assertThat(latency.count()).as("queued, not written yet").isZero();

        socket.request(10);
        assertThat(socket.texts()).containsExactly("[1,2,3]");
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60_000);
    }

    @Test
    void aPushOfferedWhileTheSocketCanWriteIsWrittenAlone() {
        written.request(10);
        connection.push(utf8("[1]"), null);
        connection.push(utf8("[2]"), null);
        assertThat(written.texts()).containsExactly("[1]", "[2]");
    }

    @Test
    void mergedFramesStayWithinTheByteBound() {
        String packet = "{\"d\":\"" + "x".repeat(20) + "\"}"; // 28 bytes, 30 as an array
        for (int i = 0; i < 5; i++) {
            connection.push(utf8("[" + packet + "]"), null);
        }
        String big = "[\"" + "y".repeat(MAX_PUSH_FRAME) + "\"]";
        connection.push(utf8(big), null);
        connection.push(utf8("[" + packet + "]"), null);
        written.request(100);

        // 30 + 29 = 59 fits 64, a third does not; the big one is written alone
        assertThat(written.texts()).containsExactly("[" + packet + "," + packet + "]",
                "[" + packet + "," + packet + "]", "[" + packet + "]", big, "[" + packet + "]");
        written.texts().stream().filter(t -> !t.equals(big))
                .forEach(t -> assertThat(t.length()).isLessThanOrEqualTo(MAX_PUSH_FRAME));
    }

    @Test
    void responsesPingsAndTheNoticeAreNeverMergedAndKeepTheirOrder() {
        connection.push(utf8("[1]"), null);
        connection.send(utf8("{\"result\":\"success\"}"));
        connection.push(utf8("[2]"), null);
        connection.push(utf8("[3]"), null);
        connection.ping();
        connection.push(utf8("[4]"), null);
        connection.sendThenClose(utf8("{\"method\":\"kickoff\"}"), CloseStatus.NORMAL);
        connection.push(utf8("[5]"), null); // after the close: refused
        written.request(100);

        assertThat(written.texts()).containsExactly("[1]", "{\"result\":\"success\"}", "[2,3]", "PING", "[4]",
                "{\"method\":\"kickoff\"}");
        assertThat(written.completed).as("the close ends the writer after the frames before it").isTrue();
    }

    @Test
    void pushesBeforeAQueuedCloseAreMergedAndWrittenBeforeIt() {
        connection.push(utf8("[1]"), null);
        connection.push(utf8("[2]"), null);
        connection.closeAfterPending(CloseStatus.NORMAL);
        written.request(100);
        assertThat(written.texts()).containsExactly("[1,2]");
        assertThat(written.completed).isTrue();
    }

    @Test
    void oneReceiptPingAfterAMergedFrameRunsEveryPartsCallback() {
        List<String> received = new ArrayList<>();
        connection.push(utf8("[1]"), () -> received.add("first"));
        connection.push(utf8("[2]"), null);
        connection.push(utf8("[3]"), () -> received.add("third"));
        written.request(100);

        assertThat(written.texts()).containsExactly("[1,2,3]", "PING");
        assertThat(received).isEmpty();
        connection.pong(receiptOf(written.messages.get(1)));
        assertThat(received).containsExactly("first", "third");
    }

    @Test
    void aSecondMergedFrameHasItsOwnReceipt() {
        List<String> received = new ArrayList<>();
        connection.push(utf8("[1]"), () -> received.add("first"));
        connection.send(utf8("{}"));
        connection.push(utf8("[2]"), () -> received.add("second"));
        written.request(100);

        assertThat(written.texts()).containsExactly("[1]", "PING", "{}", "[2]", "PING");
        connection.pong(receiptOf(written.messages.get(1)));
        assertThat(received).containsExactly("first");
        connection.pong(receiptOf(written.messages.get(4)));
        assertThat(received).containsExactly("first", "second");
    }

    @Test
    void theQueueBoundStillClosesASlowClient() {
        for (int i = 0; i < 100; i++) {
            assertThat(connection.push(utf8("[" + i + "]"), null)).isTrue();
        }
        assertThat(connection.push(utf8("[100]"), null)).isFalse();
        assertThat(connection.closeStatus()).isEqualTo(Connection.TOO_SLOW);
    }

    private static ByteBuffer receiptOf(WebSocketMessage ping) {
        assertThat(ping.getType()).isEqualTo(WebSocketMessage.Type.PING);
        return ping.getPayload().toByteBuffer();
    }
}
