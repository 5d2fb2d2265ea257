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
                    assertThat(properties.getType()).isEqualTo(BusProperties.Type.IN_PROCESS);
                    assertThat(properties.getPartitions()).isEqualTo(3);
                    assertThat(properties.getCapacity()).isEqualTo(5);
                    assertThat(properties.getRetryAttempts()).isEqualTo(1);
                    assertThat(properties.getRetryBackoff()).isEqualTo(Duration.ofMillis(1));
                    assertThat(properties.getKafka().getConcurrency()).isEqualTo(2);
                    assertThat(properties.getKafka().getProperties()).containsEntry("security.protocol", "SSL");
                    assertThat(properties.getKafka().getCommitInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.getKafka().getMaxPollRecords()).isEqualTo(50);
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
