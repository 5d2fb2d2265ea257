package io.xuanxuan.bus.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.inprocess.InProcessBus;
import io.xuanxuan.bus.inprocess.InProcessBusSettings;
import io.xuanxuan.bus.kafka.KafkaBus;
import io.xuanxuan.bus.kafka.KafkaBusSettings;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link MessageBus} of the application, chosen by {@code xuanxuan.bus.type}. The Kafka adapter builds its
 * own clients from {@link BusProperties}, independent of Boot's {@code spring.kafka.*}, so the services do not
 * depend on which bus they run on, down to their configuration.
 */
@AutoConfiguration
@EnableConfigurationProperties(BusProperties.class)
public class BusAutoConfiguration {

    // The bus's close() is the inferred destroy method: it stops consumers and threads on shutdown.
    @Bean
    @ConditionalOnMissingBean(MessageBus.class)
    public MessageBus messageBus(BusProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        BusMetrics metrics = BusMetrics.of(meterRegistry.getIfAvailable());
        RetryPolicy retry = new RetryPolicy(properties.retryAttempts(), properties.retryBackoff());
        return switch (properties.type()) {
            case IN_PROCESS -> new InProcessBus(new InProcessBusSettings(properties.partitions(),
                    properties.capacity(), retry, properties.handlerTimeout()), metrics);
            case KAFKA -> new KafkaBus(kafkaSettings(properties, retry), metrics);
        };
    }

    private static KafkaBusSettings kafkaSettings(BusProperties properties, RetryPolicy retry) {
        BusProperties.Kafka kafka = properties.kafka();
        return new KafkaBusSettings(kafka.bootstrapServers(), properties.partitions(),
                kafka.replicationFactor(), kafka.concurrency(), kafka.clientIdPrefix(), retry,
                properties.handlerTimeout(), kafka.commitInterval(), kafka.maxPollRecords(),
                kafka.properties(), kafka.minInsyncReplicas() == null ? java.util.Map.of()
                        : java.util.Map.of("min.insync.replicas", kafka.minInsyncReplicas().toString()));
    }
}
