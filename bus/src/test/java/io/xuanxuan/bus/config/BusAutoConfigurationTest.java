package io.xuanxuan.bus.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.inprocess.InProcessBus;
import io.xuanxuan.bus.kafka.KafkaBus;
import io.xuanxuan.bus.support.BusMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

class BusAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BusAutoConfiguration.class));

    @Test
    void usesTheInProcessBusByDefault() {
        runner.run(context -> assertThat(context).getBean(MessageBus.class).isInstanceOf(InProcessBus.class));
    }

    @Test
    void usesKafkaWhenAskedWithoutConnectingYet() {
        runner.withPropertyValues("xuanxuan.bus.type=kafka", "xuanxuan.bus.kafka.bootstrap-servers=localhost:1")
                .run(context -> assertThat(context).getBean(MessageBus.class).isInstanceOf(KafkaBus.class));
    }

    @Test
    void bindsTheSettings() {
        runner.withPropertyValues("xuanxuan.bus.type=in-process", "xuanxuan.bus.partitions=3",
                        "xuanxuan.bus.capacity=5", "xuanxuan.bus.retry-attempts=1", "xuanxuan.bus.retry-backoff=1ms",
                        "xuanxuan.bus.kafka.concurrency=2", "xuanxuan.bus.kafka.properties[security.protocol]=SSL",
                        "xuanxuan.bus.kafka.commit-interval=2s", "xuanxuan.bus.kafka.max-poll-records=50")
                .run(context -> {
                    BusProperties properties = context.getBean(BusProperties.class);
                    assertThat(properties.type()).isEqualTo(BusProperties.Type.IN_PROCESS);
                    assertThat(properties.partitions()).isEqualTo(3);
                    assertThat(properties.capacity()).isEqualTo(5);
                    assertThat(properties.retryAttempts()).isEqualTo(1);
                    assertThat(properties.retryBackoff()).isEqualTo(Duration.ofMillis(1));
                    assertThat(properties.kafka().concurrency()).isEqualTo(2);
                    assertThat(properties.kafka().properties()).containsEntry("security.protocol", "SSL");
                    assertThat(properties.kafka().commitInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.kafka().maxPollRecords()).isEqualTo(50);
                });
    }

    /** The settings are checked when bound: a value out of range stops the start-up, naming the property. */
    @Test
    void aValueOutOfRangeFailsTheBindingWithItsName() {
        runner.withPropertyValues("xuanxuan.bus.partitions=0", "xuanxuan.bus.kafka.max-poll-records=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    StringBuilder all = new StringBuilder();
                    for (Throwable e = context.getStartupFailure(); e != null; e = e.getCause()) {
                        all.append(e.getMessage()).append('\n');
                    }
                    assertThat(all.toString()).contains("xuanxuan.bus", "partitions", "kafka.maxPollRecords",
                            "must be greater than or equal to 1");
                });
    }

    @Test
    void backsOffForAnApplicationsOwnBus() {
        MessageBus own = new MessageBus() {
            @Override
            public Mono<Void> publish(String topic, String key, Object record) {
                return Mono.empty();
            }

            @Override
            public <T> BusSubscription subscribe(String topic, String group, Class<T> type,
                                                 RecordHandler<T> handler) {
                return () -> { };
            }
        };
        runner.withBean(MessageBus.class, () -> own)
                .run(context -> assertThat(context).getBean(MessageBus.class).isSameAs(own));
    }

    @Test
    void countsIntoTheApplicationsMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(MessageBus.class).publish("counted", "k", "record").block(Duration.ofSeconds(5));
            assertThat(context.getBean(MeterRegistry.class).get(BusMetrics.PUBLISHED).tag("topic", "counted")
                    .counter().count()).isEqualTo(1.0);
        });
    }
}
