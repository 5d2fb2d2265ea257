package io.xuanxuan.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.config.TestGatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.gateway.transport.InboundFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/** The gate without a socket: what it answers to frames, with their arrival under the test's control. */
class CommandGateTest {

    private static final int BURST = 5;

    private final GatewayProperties properties = TestGatewayProperties.of(Map.of(
            "requests-per-second", "1000", "burst", String.valueOf(BURST)));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);
    private final CommandGate gate = new CommandGate(properties, mock(CommandPublisher.class),
            new InFlightCommands(10, Duration.ofSeconds(5)), metrics);

    /**
     * Requests that arrived together (one packet of pipelined lines) are charged at their arrival: the gate's
     * own pace in handling them must not refill the budget. Each is handled 20 ms after the one before, long
     * enough to earn 20 tokens at 1000/s if the gate charged at handling time; only {@code burst} may pass.
     */
    @Test
    void requestsThatArrivedTogetherAreChargedAtTheirArrivalNotWhenHandled() {
        Connection connection = connection();
        long arrived = System.nanoTime();
        long receivedAt = System.currentTimeMillis();
        for (int i = 0; i < BURST + 3; i++) {
            gate.handle(connection, new InboundFrame("{\"module\":\"chat\",\"method\":\"ping\"}", receivedAt, arrived))
                    .block();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        // not logged in: those within the budget are denied for that, the others refused for rate
        assertThat(rejected(GatewayMetrics.RATE_LIMITED)).isEqualTo(3);
        assertThat(rejected(GatewayMetrics.NOT_LOGGED_IN)).isEqualTo(BURST);
    }

    /** Requests that arrive spread over time earn tokens between them: the limit is a rate, not a count. */
    @Test
    void requestsArrivingAtTheRateArePassed() {
        Connection connection = connection();
        long start = System.nanoTime();
        long receivedAt = System.currentTimeMillis();
        for (int i = 0; i < BURST * 4; i++) {
            long arrived = start + i * Duration.ofMillis(2).toNanos(); // 500/s, half the rate
            gate.handle(connection, new InboundFrame("{\"module\":\"chat\",\"method\":\"ping\"}", receivedAt, arrived))
                    .block();
        }
        assertThat(rejected(GatewayMetrics.RATE_LIMITED)).isZero();
        assertThat(rejected(GatewayMetrics.NOT_LOGGED_IN)).isEqualTo(BURST * 4);
    }

    private Connection connection() {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.bufferFactory()).thenReturn(DefaultDataBufferFactory.sharedInstance);
        when(session.close(org.mockito.ArgumentMatchers.any())).thenReturn(Mono.empty());
        return new Connection("gw-1", session, null, 100, 65_536, Duration.ofSeconds(5), gate.newFloodGuard(),
                metrics);
    }

    /** The gate's refusals for {@code reason}, as its metrics counted them. */
    private double rejected(String reason) {
        var counter = registry.find("xuanxuan.gateway.requests.rejected").tag("reason", reason).counter();
        return counter != null ? counter.count() : 0;
    }
}
