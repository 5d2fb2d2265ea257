package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.LegacyTcpServer;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.testclient.TcpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The legacy TCP door (PROTOCOL.md sections 1 and 10) over real sockets, on the fake bus: the same gate and
 * connection model as the WebSocket door, lines instead of frames, receipts on write completion.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xuanxuan.gateway.id=gwtcp", "xuanxuan.gateway.tcp.enabled=true", "xuanxuan.gateway.tcp.port=0",
                "xuanxuan.gateway.outbound-buffer-frames=64", "xuanxuan.gateway.close-timeout=2s"})
class GatewayTcpTest extends GatewayTestSupport {

    @Autowired
    LegacyTcpServer tcp;

    @Autowired
    io.xuanxuan.gateway.transport.ConnectionDrain drain;

    private TcpClient tcpConnect() {
        return trackTcp(TcpClient.connect(tcp.port()));
    }

    private TcpSession tcpLogin() {
        return tcpLogin(tcpConnect(), newUserId());
    }

    /** The close is counted right after it was decided, on the event loop: the client may see the end first. */
    private void awaitCounter(String name, String tag, String value, double expected) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(counter(name, tag, value)).isEqualTo(expected));
    }

    @Test
    void aLoggedInClientIsRoutedAndAnsweredAndItsPingSucceedsWithTheSid() {
        TcpSession session = tcpLogin();
        assertThat(session.connectionId()).startsWith("gwtcp-");
        assertThat(meters.get("xuanxuan.gateway.connections.tcp").gauge().value()).isPositive();

        session.client().sendRaw(request("chat", "userGetlist", session.sid()));
        Command command = bus.await(p -> p.record() instanceof Command c && c.request() != null
                && session.connectionId().equals(c.connectionId()) && c.request().route().equals("chat/usergetlist"),
                TIMEOUT).command();
        assertThat(command.userId()).isEqualTo(session.userId());
        bus.deliver(Delivery.response(session.connectionId(), new Response("chat", "userGetlist", Result.SUCCESS,
                session.sid(), null, ProtocolJson.nodes().arrayNode(), null)));
        JsonNode answer = session.client().next();
        assertThat(answer.path("method").asText()).isEqualTo("userGetlist");
        assertThat(answer.path("result").asText()).isEqualTo("success");

        session.client().sendRaw(request("CHAT", "Ping", session.sid()));
        JsonNode pong = session.client().next();
        assertThat(pong.path("method").asText()).isEqualTo("Ping");
        assertThat(pong.path("result").asText()).isEqualTo("success");
        assertThat(pong.path("sid").asText()).isEqualTo(session.sid());
        assertThat(session.client().lines()).allMatch(line -> !line.contains("\n"));
    }

    @Test
    void theGateChecksTcpRequestsAsItChecksWebSocketOnes() {
        TcpSession alice = tcpLogin();
        TcpClient stranger = tcpConnect();
        stranger.sendRaw(request("chat", "getList", alice.sid()));
        JsonNode answer = stranger.next();
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        assertThat(answer.path("message").asText()).isEqualTo(CommandGate.WRONG_SID);

        stranger.sendRaw("{\"module\":\"chat\",\"method\":");
        assertThat(stranger.next().path("message").asText()).startsWith("Malformed JSON");

        alice.client().sendRaw(request("chat", "getList", null));
        assertThat(alice.client().next().path("message").asText()).isEqualTo(CommandGate.SID_REQUIRED);
    }

    /** The gate's rate limit and flood close apply to TCP: refused with fail, then closed after what was queued. */
    @Test
    void aRequestFloodIsRefusedThenClosedWhileOthersAreServed() {
        TcpSession flooder = tcpLogin();
        TcpSession other = tcpLogin();
        double before = counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_FLOOD);
        String batch = (ping(flooder.sid()) + "\n").repeat(50);
        int refused = 0;
        // batches of 50, each read before the next: the flood, not the outbound bound, closes it
        for (int i = 0; i < 10 && !flooder.client().isEnded(); i++) {
            flooder.client().sendBytes(batch.getBytes(StandardCharsets.UTF_8));
            for (int j = 0; j < 50; j++) {
                java.util.Optional<JsonNode> answer = flooder.client().awaitFrame(item -> true, TIMEOUT);
                if (answer.isEmpty()) {
                    break; // closed
                }
                if (CommandGate.TOO_MANY_REQUESTS.equals(answer.get().path("message").asText())) {
                    refused++;
                }
            }
        }
        assertThat(refused).isPositive();
        assertThat(flooder.client().awaitEnd(TIMEOUT)).isTrue();
        awaitCounter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_FLOOD, before + 1);
        assertServed(other);
    }

    @Test
    void severalRequestsInOnePacketAreEachAnsweredInOrder() {
        TcpSession session = tcpLogin();
        String pipelined = request("chat", "ping", session.sid()) + "\n"
                + request("chat", "frobnicate", session.sid()) + "\r\n"
                + "\n"
                + request("chat", "PING", session.sid()) + "\n";
        session.client().sendBytes(pipelined.getBytes(StandardCharsets.UTF_8));

        JsonNode first = session.client().next();
        JsonNode second = session.client().next();
        JsonNode third = session.client().next();
        assertThat(first.path("method").asText()).isEqualTo("ping");
        assertThat(first.path("result").asText()).isEqualTo("success");
        assertThat(second.path("message").asText()).isEqualTo("Unknown method 'frobnicate' in module 'chat'.");
        assertThat(third.path("method").asText()).isEqualTo("PING");
        assertThat(third.path("result").asText()).isEqualTo("success");
    }

    @Test
    void aRequestSplitByteByByteIsOneRequest() throws Exception {
        TcpSession session = tcpLogin();
        byte[] line = (request("chat", "ping", session.sid()) + "\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : line) {
            session.client().sendBytes(new byte[] {b});
            Thread.sleep(1); // separate segments: TCP_NODELAY is on in the client
        }
        JsonNode answer = session.client().next();
        assertThat(answer.path("method").asText()).isEqualTo("ping");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        assertThat(session.client().lines()).hasSize(2); // login answer and this one: no fail for a half line
    }

    /**
     * A 10 MB line without a newline: refused with {@code fail} once it passes the limit, the connection closed;
     * its bytes are discarded as they arrive (the decoder never holds more than the limit), and the gateway
     * serves others meanwhile. The memory Netty's allocator holds (where the line decoder keeps what it has not
     * cut yet) is sampled while the line is written: it may grow by a few buffers, never by the line. The writing
     * stops when the test client closes its socket on the server's end of stream (after the fail line), so a few
     * MB of the 10 go out (printed); a client that wrote on would have its bytes discarded the same way until
     * {@code close-timeout}.
     */
    @Test
    void aTenMegabyteLineIsRefusedAndTheConnectionClosedWhileOthersAreServed() throws Exception {
        TcpSession other = tcpLogin();
        TcpClient flooder = tcpConnect();
        double before = counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_FRAME_TOO_LARGE);
        MemorySampler memory = MemorySampler.start();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<String> writeEnd = new java.util.concurrent.atomic.AtomicReference<>("all written");
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 160; i++) { // 10 MiB, never a newline
                    flooder.sendBytes(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IllegalStateException closed) {
                // the server answered and ended its output; the client closed its socket on that end
                writeEnd.set(String.valueOf(closed.getCause()));
            }
        });
        writer.setDaemon(true);
        writer.start();

        writer.join(TIMEOUT.toMillis()); // it ends when the server closed, or when all was written
        MemorySampler.Report report = memory.stop();
        System.out.printf("10 MB line: %d bytes written in %d ms (%s); %s%n", written.get(),
                (System.nanoTime() - started) / 1_000_000, writeEnd.get(), report);
        assertThat(written.get()).as("bytes written: far over the line limit").isGreaterThan(1024 * 1024);
        assertThat(report.allocatorGrowth()).as("what Netty's allocator held beyond its start while the line came: "
                + "a few buffers, not the line").isLessThan(4L * 1024 * 1024);
        JsonNode answer = flooder.next();
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText()).startsWith("Line too long (max 65536 bytes)");
        assertThat(flooder.awaitEnd(TIMEOUT)).as("the server ends the connection").isTrue();
        System.out.println("10 MB line: the client's reading ended by " + flooder.endedBy());
        awaitCounter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_FRAME_TOO_LARGE, before + 1);
        assertServed(other);
        assertServed(tcpLogin());
    }

    /** A client that never reads: its writes stop completing, its bounded queue fills, it is closed as too slow. */
    @Test
    void aClientThatNeverReadsIsClosedWhenItsBoundedQueueIsFull() {
        TcpClient deaf = trackTcp(TcpClient.connect(tcp.port(), false));
        long userId = newUserId();
        deaf.sendRaw(loginRequest("user" + userId));
        Answered answered = answerLogin("user" + userId, userId);
        double before = counter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_SLOW_CLIENT);

        TextNode big = new TextNode("y".repeat(60_000));
        for (int i = 0; i < 400 && registry.get(answered.connectionId()).isPresent(); i++) {
            bus.deliver(Delivery.push(DeliveryTarget.user(userId), new PushPacket(null, "chat", "notice", big)));
        }
        await().atMost(TIMEOUT).until(() -> registry.get(answered.connectionId()).isEmpty());
        awaitCounter("xuanxuan.gateway.closes", "reason", GatewayMetrics.CLOSE_SLOW_CLIENT, before + 1);
        assertThat(deaf.socketClosedByServer(TIMEOUT)).isTrue();
        assertServed(tcpLogin());
    }

    @Test
    void pushesAreArraysAndTheKickoffIsOneObjectAfterWhichNothingIsRouted() {
        TcpSession old = tcpLogin();
        bus.deliver(Delivery.push(DeliveryTarget.user(old.userId()), new PushPacket(null, "chat", "notice",
                new TextNode("before"))));
        JsonNode push = old.client().next();
        assertThat(push.isArray()).isTrue();
        assertThat(push.get(0).path("data").asText()).isEqualTo("before");

        JsonNode notice = ProtocolJson.toTree(Map.of("module", "chat", "method", "kickoff",
                "message", "This account logined in another place."));
        bus.deliver(Delivery.noticeAndClose(old.connectionId(), notice));
        bus.deliver(Delivery.push(DeliveryTarget.user(old.userId()), new PushPacket(null, "chat", "notice",
                new TextNode("after"))));

        JsonNode received = old.client().next();
        assertThat(received.isObject()).isTrue();
        assertThat(received.path("method").asText()).isEqualTo("kickoff");
        assertThat(old.client().lines().get(old.client().lines().size() - 1)).startsWith("{");
        assertThat(old.client().awaitEnd(TIMEOUT)).isTrue();
        assertThat(old.client().lines()).noneMatch(line -> line.contains("after"));
        bus.await(p -> p.record() instanceof Command c && c.type() == Command.Type.CONNECTION_CLOSED
                && c.connectionId().equals(old.connectionId()), TIMEOUT);
    }

    /** The drain at shutdown closes TCP connections too, after what was queued for them, and refuses new ones. */
    @Test
    void theDrainClosesTcpConnectionsAndRefusesNewOnes() {
        TcpSession session = tcpLogin();
        try {
            drain.stop();
            assertThat(session.client().awaitEnd(TIMEOUT)).isTrue();
            assertThat(registry.get(session.connectionId())).isEmpty();
            TcpClient late = tcpConnect();
            assertThat(late.next().path("message").asText()).startsWith("This server is shutting down");
            assertThat(late.awaitEnd(TIMEOUT)).isTrue();
        } finally {
            drain.start();
        }
        assertServed(tcpLogin());
    }

    /**
     * No pong on this transport: queued pushes are acknowledged once their write to the socket completed. A push
     * too large for the socket's buffers to a client that does not read is not acknowledged; when the client
     * reads, the write completes and the acknowledgement follows.
     */
    @Test
    void queuedPushesAreAcknowledgedOnlyOnceTheirWriteCompleted() {
        TcpClient slow = trackTcp(TcpClient.connect(tcp.port(), false));
        long userId = newUserId();
        slow.sendRaw(loginRequest("user" + userId));
        Answered answered = answerLogin("user" + userId, userId);

        TextNode large = new TextNode("z".repeat(12 * 1024 * 1024)); // more than every socket buffer on the way
        bus.deliver(Delivery.queued(answered.connectionId(), List.of(new PushPacket(701L, "chat", "message", large))));
        // the response before it was written at once; the push's write cannot complete while nobody reads
        assertServedWithoutReading(slow, answered);
        assertThat(bus.find(p -> p.record() instanceof OfflineCommand c && c.type() == OfflineCommand.Type.ACK
                && c.userId() == userId)).as("not acknowledged before the write completed").isEmpty();

        // read everything: the write completes, and only then the push is acknowledged
        slow.startReading();
        assertThat(slow.push("message").asText()).hasSize(12 * 1024 * 1024);
        FakeMessageBus.Published ack = bus.await(p -> p.record() instanceof OfflineCommand c
                && c.type() == OfflineCommand.Type.ACK && c.userId() == userId, TIMEOUT);
        assertThat(((OfflineCommand) ack.record()).ids()).containsExactly(701L);
    }

    /**
     * The gateway still takes requests from a client whose output is stuck, and publishes them (proof that it read
     * and handled what came after the push was queued), so the missing acknowledgement is not a matter of time.
     */
    private void assertServedWithoutReading(TcpClient probe, Answered session) {
        probe.sendRaw(request("chat", "userGetlist", session.sid()));
        bus.await(p -> p.record() instanceof Command c && c.request() != null
                && session.connectionId().equals(c.connectionId()) && c.request().route().equals("chat/usergetlist"),
                TIMEOUT);
    }

}
