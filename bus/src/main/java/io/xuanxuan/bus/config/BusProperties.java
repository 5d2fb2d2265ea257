package io.xuanxuan.bus.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xuanxuan.bus.*}: which bus, and how it partitions, buffers and retries; checked when bound.
 *
 * @param type           {@code in-process} (standalone, the default) or {@code kafka}
 * @param partitions     partitions per topic (in-process: per topic and group; Kafka: of topics the bus creates)
 * @param capacity       in-process: records a partition queue (and a topic's backlog) holds before publishers wait
 * @param retryAttempts  retries of a failing handler after its first attempt, before the record is dead-lettered
 * @param retryBackoff   wait before the first retry; it doubles for each further one
 * @param handlerTimeout how long one handler call may take before it counts as failed
 */
@Validated
@ConfigurationProperties(prefix = "xuanxuan.bus")
public record BusProperties(
        @DefaultValue("in-process") @NotNull Type type,
        @DefaultValue("8") @Min(1) int partitions,
        @DefaultValue("10000") @Min(1) int capacity,
        @DefaultValue("3") @Min(0) int retryAttempts,
        @DefaultValue("50ms") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more") Duration retryBackoff,
        @DefaultValue("60s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration handlerTimeout,
        @DefaultValue @Valid Kafka kafka) {

    public enum Type { IN_PROCESS, KAFKA }

    /**
     * The Kafka bus, under {@code xuanxuan.bus.kafka}.
     *
     * @param bootstrapServers   the brokers to start from
     * @param concurrency        consumer threads per subscription, each its own {@code KafkaConsumer} taking
     *                           some of the topic's partitions. One is enough: a consumer's poll loop hands its
     *                           records to the bus's workers (keys concurrently, a key's records in order) and
     *                           never waits for a handler. More consumers only multiply the fetches: each
     *                           fetches whenever a record arrives, and with 4 per subscription the distributed
     *                           system spent its two cores on fetching (1:1 capacity 335 msg/s, against 991
     *                           with 1: bench run 20261129-193614 and its rerun with XX_BUS_CONCURRENCY=1)
     * @param commitInterval     least time between two offset commits of a consumer (asynchronous; a consumer
     *                           also commits when it loses partitions or stops). Records done but not yet
     *                           committed come again after a crash (at least once; handlers are idempotent).
     *                           Zero commits after every poll whose records are done
     * @param maxPollRecords     records one poll returns at most: bounds a consumer's records in flight and
     *                           what a crash re-delivers
     * @param replicationFactor  replicas of a topic the bus creates (1 for a single broker; 3 is usual in
     *                           production)
     * @param minInsyncReplicas  {@code min.insync.replicas} of a topic the bus creates; null leaves the broker's
     *                           default. With replication factor 3, 2 means a write (acks=all) is kept by two
     *                           brokers before it counts as done
     * @param clientIdPrefix     prefix of the client ids, so a broker's logs and quotas can tell the services apart
     * @param properties         extra Kafka client properties for producer, consumers and admin (security
     *                           settings, typically)
     */
    public record Kafka(
            @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
            @DefaultValue("1") @Min(1) int concurrency,
            @DefaultValue("500ms") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more")
            Duration commitInterval,
            @DefaultValue("500") @Min(1) int maxPollRecords,
            @DefaultValue("1") @Min(1) short replicationFactor,
            @Min(1) Integer minInsyncReplicas,
            @DefaultValue("xuanxuan") @NotBlank String clientIdPrefix,
            Map<String, String> properties) {

        public Kafka {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }
}
