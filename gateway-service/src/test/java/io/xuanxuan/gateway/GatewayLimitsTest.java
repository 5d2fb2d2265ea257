package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Slow and silent clients, with a small outbound queue and a fast heartbeat so the tests are quick.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "xuanxuan.gateway.id=gwlimits",
                "xuanxuan.gateway.outbound-buffer-frames=8",
                "xuanxuan.gateway.ping-interval=1s",
                "xuanxuan.gateway.idle-timeout=3s",
                // long enough for a client that resumes reading to drain the kernel's buffers of 16 KiB frames
                // and take its close frame on a busy machine; the drop of one that never reads still comes
                // well within the waits below
                "xuanxuan.gateway.close-timeout=3s",
                // a client that does not read cannot answer pings either: the slow-client tests must see
                // the queue overflow before the unanswered pings close the connection, even on a busy machine
                "xuanxuan.gateway.max-unanswered-pings=8"
        })
class GatewayLimitsTest extends GatewayTestSupport {

    private static final String BIG = "z".repeat(16 * 1024);
    private static final int MAX_PUSHES = 5000;
    private static final Duration KEEP_ALIVE = Duration.ofMillis(250);

    /**
     * Pushes big frames to a user until the gateway gives up on the connection; returns the count.
     *
     * <p>The client reads nothing, but it sends an unsolicited pong (RFC 6455 5.5.3 allows them) every
     * {@link #KEEP_ALIVE}: a socket that stops reading may still write, and without it the idle timeout
     * (3 s) or the unanswered pings would close the connection first whenever a busy machine makes the
     * pushes slower than that, and the queue would never overflow.
     */
    private int pushUntilTooSlow(LoggedIn slow) {
        double before = counter("xuanxuan.gateway.closes", "reason", "slow_client");
        long lastKeepAlive = 0;
        for (int i = 1; i <= MAX_PUSHES; i++) {
            if (System.nanoTime() - lastKeepAlive > KEEP_ALIVE.toNanos()) {
                slow.client().sendFrame(new PongWebSocketFrame());
                lastKeepAlive = System.nanoTime();
            }
            bus.deliver(Delivery.push(DeliveryTarget.user(slow.userId()), PushPacket.of("message", BIG)));
            if (counter("xuanxuan.gateway.closes", "reason", "slow_client") > before) {
                return i;
            }
        }
        throw new AssertionError("the gateway kept buffering " + MAX_PUSHES + " frames of 16 KiB for a client that does not read");
    }

    @Test
    void clientThatNeverReadsIsDroppedAndOthersAreServed() {
        LoggedIn bystander = connectAndLogin();
        LoggedIn slow = login(track(WsClient.connect(port, 1, true)), newUserId());
        double droppedBefore = meters.counter("xuanxuan.gateway.dropped").count();

        int pushed = pushUntilTooSlow(slow);
        // 16 KiB frames: what Netty and the sockets hold plus 8 queued frames, not thousands
        assertThat(pushed).isLessThan(MAX_PUSHES);

        // it does not take its close frame either: dropped after close-timeout, and presence is told
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get(slow.connectionId()).isEmpty());
        bus.await(p -> p.record() instanceof Command c && c.type() == Command.Type.CONNECTION_CLOSED
                && c.connectionId().equals(slow.connectionId()), TIMEOUT);

        assertServed(bystander);
        assertThat(bystander.client().pending()).isZero();

        // the socket itself is dropped after close-timeout (the client never answered the close), not left open
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("xuanxuan.gateway.dropped").count() >= droppedBefore + 1);

        // Whether the close frame reached the client is not the gateway's to decide: the queue overflows
        // when the gateway's own buffers are full, and the kernel's buffers (sized by TCP autotuning, drained
        // as the event loops get CPU) may or may not still have room for the close frame at that moment. So
        // reading what is left ends the socket either with the close that was decided or with none at all
        // (the drop cut it off), never with anything else.
        slow.client().resume();
        WebSocketCloseStatus status = slow.client().awaitClose();
        if (status != null) {
            assertThat(status.code()).as("the only close a dropped slow client can see").isEqualTo(1008);
            assertThat(status.reasonText()).isEqualTo("too slow");
        }
    }

    @Test
    void slowClientGetsTooSlowCloseAfterTheFramesBeforeIt() {
        LoggedIn slow = login(track(WsClient.connect(port, 1, true)), newUserId());
        pushUntilTooSlow(slow);
        slow.client().resume();

        WebSocketCloseStatus status = slow.client().awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1008);
        assertThat(status.reasonText()).isEqualTo("too slow");
        // what was written before the close is whole JSON
        int pushes = 0;
        while (slow.client().pending() > 0) {
            JsonNode push = slow.client().next();
            assertThat(push.get(0).path("data").asText()).isEqualTo(BIG);
            pushes++;
        }
        assertThat(pushes).isPositive();
    }

    @Test
    void silentClientIsClosedWith1001WhileOneAnsweringPingsStays() {
        LoggedIn live = connectAndLogin();
        WsClient deaf = track(WsClient.connect(port, Long.MAX_VALUE, false));

        // neither sends anything; only the live one answers the gateway's pings
        WebSocketCloseStatus status = deaf.awaitClose(Duration.ofSeconds(8));
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1001);
        // counted right after the close frame went out: the client may see the frame first
        Awaitility.await().atMost(TIMEOUT)
                .until(() -> counter("xuanxuan.gateway.closes", "reason", "idle") >= 1);

        assertServed(live);
    }

    /**
     * Defect 8: requests keep a connection from being idle, but only a pong confirms what was pushed.
     * A client that sends requests and never answers a ping is closed after max-unanswered-pings (8)
     * ping intervals (1 s here); one that answers stays.
     */
    @Test
    void clientSendingRequestsButNeverAnsweringPingsIsClosed() {
        LoggedIn live = connectAndLogin();
        LoggedIn deaf = login(track(WsClient.connect(port, Long.MAX_VALUE, false)), newUserId());
        double before = counter("xuanxuan.gateway.closes", "reason", "pings_unanswered");

        // both keep sending requests (every 250 ms) until the deaf one is closed
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (deaf.client().isEnded()) {
                return true;
            }
            deaf.client().sendRaw(ping(deaf.sid()));
            live.client().sendRaw(ping(live.sid()));
            return false;
        });
        WebSocketCloseStatus status = deaf.client().awaitClose(Duration.ofSeconds(1));
        assertThat(status).as("a client that never answers pings is closed").isNotNull();
        assertThat(status.code()).isEqualTo(1001);
        assertThat(status.reasonText()).isEqualTo("Pings not answered");
        Awaitility.await().atMost(TIMEOUT)
                .until(() -> counter("xuanxuan.gateway.closes", "reason", "pings_unanswered") >= before + 1);
        assertThat(counter("xuanxuan.gateway.closes", "reason", "pings_unanswered")).isEqualTo(before + 1);
        assertThat(live.client().isEnded()).isFalse();
        assertServed(live);
    }
}
