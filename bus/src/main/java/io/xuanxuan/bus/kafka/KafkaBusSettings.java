package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.support.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * @param bootstrapServers  the Kafka cluster
 * @param partitions        partitions of a topic the bus creates
 * @param replicationFactor replicas of a topic the bus creates
 * @param concurrency       consumer threads per subscription (at most useful up to the partition count)
 * @param clientIdPrefix    prefix of the producer's and consumers' client ids, or null for Kafka's own
 * @param retry             how a failing handler is retried before its record is dead-lettered
 * @param handlerTimeout    how long the consumer thread waits for one handler call; keep it well below
 *                          {@code max.poll.interval.ms} (5 minutes by default)
 * @param clientProperties  extra Kafka client properties for producer, consumers and admin alike
 *                          (security settings, typically); the bus's own settings win over them
 */
public record KafkaBusSettings(String bootstrapServers, int partitions, short replicationFactor, int concurrency,
                               String clientIdPrefix, RetryPolicy retry, Duration handlerTimeout,
                               Map<String, String> clientProperties) {

    public KafkaBusSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        if (partitions < 1 || replicationFactor < 1 || concurrency < 1) {
            throw new IllegalArgumentException("partitions, replicationFactor and concurrency must be >= 1");
        }
        if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
            throw new IllegalArgumentException("handlerTimeout must be positive: " + handlerTimeout);
        }
    }

    /** The defaults, against the given cluster. */
    public static KafkaBusSettings of(String bootstrapServers) {
        return new KafkaBusSettings(bootstrapServers, 8, (short) 1, 1, "xuanxuan", RetryPolicy.DEFAULT,
                Duration.ofSeconds(60), Map.of());
    }

    public KafkaBusSettings withRetry(RetryPolicy retry) {
        return new KafkaBusSettings(bootstrapServers, partitions, replicationFactor, concurrency, clientIdPrefix,
                retry, handlerTimeout, clientProperties);
    }
}
