package io.xuanxuan.standalone;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.config.BusAutoConfiguration;
import io.xuanxuan.bus.config.BusProperties;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.LegacyTcpListener;
import io.xuanxuan.model.protocol.ServiceName;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/**
 * The overload suite on the standalone server, with a gateway bound of 8 commands in flight and a chat
 * service that completes one command per {@link #CHAT_COMMAND_SPACING} (50 a second): the in-process bus is
 * wrapped so that the chat service's command handler starts at most once per spacing, whatever the key
 * (on the real server a message takes about a millisecond, faster than the test could offer ten times).
 * Its own Spring context: no other test should run against a server this slow. The 1.0 client's TCP door is on,
 * so that {@link OverloadProtocolTcpTest} runs the suite over TCP in the same context.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.h2.url=mem:overload-tests;DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "xuanxuan.presence.bcrypt-strength=6",
                "xuanxuan.presence.import-file=src/test/resources/test-accounts.csv",
                "xuanxuan.files.local.directory=target/overload-test-files",
                // the per-connection budget is not what is tested here: 100 requests a second per sender pass it
                "xuanxuan.gateway.requests-per-second=2000",
                "xuanxuan.gateway.burst=2000",
                "xuanxuan.gateway.max-in-flight=8",
                "xuanxuan.gateway.tcp.enabled=true",
                "xuanxuan.gateway.tcp.port=0",
        })
@Import({SpringServerTest.Clocks.class, OverloadProtocolTest.SlowChat.class})
class OverloadProtocolTest extends SpringServerTest implements OverloadProtocolSuite {

    static final Duration CHAT_COMMAND_SPACING = Duration.ofMillis(20);

    @Autowired
    LegacyTcpListener tcp;

    @Override
    public int overloadedPort() {
        return port;
    }

    @Override
    public int overloadedTcpPort() {
        return tcp.port();
    }

    @Override
    public int nextTcpPort() {
        return tcp.port();
    }

    @Override
    public double completionRate() {
        return 1000.0 / CHAT_COMMAND_SPACING.toMillis();
    }

    /** The application's bus (as the auto-configuration builds it), with the chat commands paced. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SlowChat {
        @Bean
        MessageBus messageBus(BusProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
            return new PacedBus(new BusAutoConfiguration().messageBus(properties, meterRegistry),
                    Topics.commands(ServiceName.CHAT), CHAT_COMMAND_SPACING);
        }
    }

    /**
     * A bus whose handlers of one topic start at most once per {@code spacing} between them all: each record
     * takes the next free start time and waits for it without blocking a thread.
     */
    static final class PacedBus implements MessageBus, AutoCloseable {

        private final MessageBus bus;
        private final String topic;
        private final long spacingNanos;
        private final AtomicLong nextStart = new AtomicLong(System.nanoTime());

        PacedBus(MessageBus bus, String topic, Duration spacing) {
            this.bus = bus;
            this.topic = topic;
            this.spacingNanos = spacing.toNanos();
        }

        @Override
        public Mono<Void> publish(String topic, String key, Object record) {
            return bus.publish(topic, key, record);
        }

        @Override
        public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
            if (!this.topic.equals(topic)) {
                return bus.subscribe(topic, group, type, handler);
            }
            return bus.subscribe(topic, group, type, record -> Mono.defer(() -> {
                long now = System.nanoTime();
                long start = nextStart.accumulateAndGet(now, (free, at) -> Math.max(free, at) + spacingNanos)
                        - spacingNanos;
                return Mono.delay(Duration.ofNanos(Math.max(0, start - now))).then(Mono.defer(() -> handler.handle(record)));
            }));
        }

        @Override
        public void close() throws Exception {
            if (bus instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
