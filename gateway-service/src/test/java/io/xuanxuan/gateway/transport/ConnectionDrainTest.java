package io.xuanxuan.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/** The drain's readiness: refusing while it drains, accepting again when its lifecycle starts again. */
class ConnectionDrainTest {

    @Test
    void aDrainThatIsStartedAgainAcceptsTrafficAgain() {
        List<Object> readiness = new ArrayList<>();
        ConnectionDrain drain = new ConnectionDrain(new ConnectionRegistry("gw-test"), Duration.ZERO, Duration.ZERO,
                event -> readiness.add(((AvailabilityChangeEvent<?>) event).getState()),
                new GatewayMetrics(new SimpleMeterRegistry()));
        drain.start();
        assertThat(readiness).as("a first start leaves readiness to the application").isEmpty();

        drain.stop();
        assertThat(drain.isDraining()).isTrue();
        assertThat(readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC);

        drain.start();
        assertThat(drain.isDraining()).isFalse();
        assertThat(readiness).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
    }
}
