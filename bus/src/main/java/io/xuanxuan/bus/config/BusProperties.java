package io.xuanxuan.bus.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code xuanxuan.bus.*}: which bus, and how it partitions, buffers and retries. */
@ConfigurationProperties(prefix = "xuanxuan.bus")
public class BusProperties {

    public enum Type { IN_PROCESS, KAFKA }

    /** {@code in-process} (standalone, the default) or {@code kafka}. */
    private Type type = Type.IN_PROCESS;

    /** Partitions per topic (in-process: per topic and group; Kafka: of topics the bus creates). */
    private int partitions = 8;

    /** In-process: records a partition queue (and a topic's backlog) holds before publishers wait. */
    private int capacity = 10_000;

    /** Retries of a failing handler after its first attempt, before the record is dead-lettered. */
    private int retryAttempts = 3;

    /** Wait before the first retry; it doubles for each further one. */
    private Duration retryBackoff = Duration.ofMillis(50);

    /** How long one handler call may take before it counts as failed. */
    private Duration handlerTimeout = Duration.ofSeconds(60);

    private final Kafka kafka = new Kafka();

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public int getCapacity() {
        return capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    public int getRetryAttempts() {
        return retryAttempts;
    }

    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = retryAttempts;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getHandlerTimeout() {
        return handlerTimeout;
    }

    public void setHandlerTimeout(Duration handlerTimeout) {
        this.handlerTimeout = handlerTimeout;
    }

    public Kafka getKafka() {
        return kafka;
    }

    public static class Kafka {

        private String bootstrapServers = "localhost:9092";

        /**
         * Consumer threads per subscription, each its own {@code KafkaConsumer} taking some of the topic's
         * partitions. One is enough: a consumer's poll loop hands its records to the bus's workers (keys
         * concurrently, a key's records in order) and never waits for a handler. More consumers only multiply
         * the fetches: each fetches whenever a record arrives, and with 4 per subscription the distributed
         * system spent its two cores on fetching (1:1 capacity 335 msg/s, against 991 with 1: bench run
         * 20261129-193614 and its rerun with XX_BUS_CONCURRENCY=1).
         */
        private int concurrency = 1;

        /**
         * Least time between two offset commits of a consumer (asynchronous; a consumer also commits when it
         * loses partitions or stops). Records done but not yet committed come again after a crash (at least
         * once; handlers are idempotent). Zero commits after every poll whose records are done.
         */
        private Duration commitInterval = Duration.ofMillis(500);

        /** Records one poll returns at most: bounds a consumer's records in flight and what a crash re-delivers. */
        private int maxPollRecords = 500;

        /** Replicas of a topic the bus creates (1 for a single broker; 3 is usual in production). */
        private short replicationFactor = 1;

        /**
         * {@code min.insync.replicas} of a topic the bus creates; null leaves the broker's default. With
         * replication factor 3, 2 means a write (acks=all) is kept by two brokers before it counts as done.
         */
        private Integer minInsyncReplicas;

        /** Prefix of the client ids, so a broker's logs and quotas can tell the services apart. */
        private String clientIdPrefix = "xuanxuan";

        /** Extra Kafka client properties for producer, consumers and admin (security settings, typically). */
        private Map<String, String> properties = new HashMap<>();

        public String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public int getMaxPollRecords() {
            return maxPollRecords;
        }

        public void setMaxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
        }

        public short getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(short replicationFactor) {
            this.replicationFactor = replicationFactor;
        }

        public Integer getMinInsyncReplicas() {
            return minInsyncReplicas;
        }

        public void setMinInsyncReplicas(Integer minInsyncReplicas) {
            this.minInsyncReplicas = minInsyncReplicas;
        }

        public String getClientIdPrefix() {
            return clientIdPrefix;
        }

        public void setClientIdPrefix(String clientIdPrefix) {
            this.clientIdPrefix = clientIdPrefix;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }
}
