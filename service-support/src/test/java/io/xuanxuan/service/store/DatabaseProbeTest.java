package io.xuanxuan.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code xuanxuan.database.up}: 1 while the database answers, 0 when it does not (the alert's input). */
class DatabaseProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aDatabaseThatAnswersIsUp() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DatabaseProbe probe = new DatabaseProbe(new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                .url("mem:probe-up;DB_CLOSE_DELAY=-1").username("sa").build()), meters);

        assertThat(probe.check().block(WAIT)).isTrue();
        assertThat(meters.get(DatabaseProbe.DATABASE_UP).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aDatabaseThatIsNotThereIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // nothing listens there once it is closed
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DatabaseProbe probe = new DatabaseProbe(ConnectionFactories.get(ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "mysql")
                .option(ConnectionFactoryOptions.HOST, "127.0.0.1")
                .option(ConnectionFactoryOptions.PORT, closedPort)
                .option(ConnectionFactoryOptions.USER, "xuanxuan")
                .option(ConnectionFactoryOptions.PASSWORD, "none")
                .option(ConnectionFactoryOptions.DATABASE, "xuanxuan")
                .build()), meters);

        assertThat(probe.check().block(WAIT)).isFalse();
        assertThat(meters.get(DatabaseProbe.DATABASE_UP).gauge().value()).isZero();
    }
}
