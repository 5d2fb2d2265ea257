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
 * @param handlerTimeout    how long one handler call may take before it counts as failed; also how long a
 *                          consumer waits for records in flight when it closes or loses partitions
 * @param commitInterval    least time between two asynchronous offset commits of a consumer; zero commits
 *                          after every poll whose records are done
 * @param maxPollRecords    records one poll returns at most, which bounds a consumer's records in flight
 * @param clientProperties  extra Kafka client properties for producer, consumers and admin alike
 *                          (security settings, typically); the bus's own settings win over them
 * @param topicConfig       configuration of a topic the bus creates, beyond its own ({@code min.insync.replicas},
 *                          typically)
 */
public record KafkaBusSettings(String bootstrapServers, int partitions, short replicationFactor, int concurrency,
                               String clientIdPrefix, RetryPolicy retry, Duration handlerTimeout,
                               Duration commitInterval, int maxPollRecords, Map<String, String> clientProperties,
                               Map<String, String> topicConfig) {

    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;

    public KafkaBusSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        Objects.requireNonNull(commitInterval, "commitInterval");
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        topicConfig = topicConfig == null ? Map.of() : Map.copyOf(topicConfig);
        if (partitions < 1 || replicationFactor < 1 || concurrency < 1 || maxPollRecords < 1) {
            throw new IllegalArgumentException(
                    "partitions, replicationFactor, concurrency and maxPollRecords must be >= 1");
        }
        if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
            throw new IllegalArgumentException("handlerTimeout must be positive: " + handlerTimeout);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must be >= 0: " + commitInterval);
        }
    }

    /** Without topic configuration of its own: the broker's defaults. */
    public KafkaBusSettings(String bootstrapServers, int partitions, short replicationFactor, int concurrency,
                            String clientIdPrefix, RetryPolicy retry, Duration handlerTimeout,
                            Duration commitInterval, int maxPollRecords, Map<String, String> clientProperties) {
        this(bootstrapServers, partitions, replicationFactor, concurrency, clientIdPrefix, retry, handlerTimeout,
                commitInterval, maxPollRecords, clientProperties, Map.of());
    }

    /** The defaults, against the given cluster. */
    public static KafkaBusSettings of(String bootstrapServers) {
        return new KafkaBusSettings(bootstrapServers, 8, (short) 1, 1, "xuanxuan", RetryPolicy.DEFAULT,
                Duration.ofSeconds(60), DEFAULT_COMMIT_INTERVAL, DEFAULT_MAX_POLL_RECORDS, Map.of());
    }

    public KafkaBusSettings withRetry(RetryPolicy retry) {
        return new KafkaBusSettings(bootstrapServers, partitions, replicationFactor, concurrency, clientIdPrefix,
                retry, handlerTimeout, commitInterval, maxPollRecords, clientProperties, topicConfig);
    }

    public KafkaBusSettings withHandlerTimeout(Duration handlerTimeout) {
        return new KafkaBusSettings(bootstrapServers, partitions, replicationFactor, concurrency, clientIdPrefix,
                retry, handlerTimeout, commitInterval, maxPollRecords, clientProperties, topicConfig);
    }

    public KafkaBusSettings withCommitInterval(Duration commitInterval) {
        return new KafkaBusSettings(bootstrapServers, partitions, replicationFactor, concurrency, clientIdPrefix,
                retry, handlerTimeout, commitInterval, maxPollRecords, clientProperties, topicConfig);
    }
}
