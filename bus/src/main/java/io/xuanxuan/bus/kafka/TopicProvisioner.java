package io.xuanxuan.bus.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure a topic the bus uses exists, with our partition count, and is being served, once per topic and
 * bus: a consumer subscribing to a missing topic would wait for a metadata refresh, and broker-side
 * auto-creation (when enabled at all) would ignore our partition count.
 *
 * <p>"Served" matters: the controller acknowledges a new topic before its brokers have opened the partitions,
 * and an idempotent producer that sends in that gap can lose records and stall its partition
 * (KAFKA-15591, fixed only in later brokers). So before a topic counts as known, every partition must
 * answer a ListOffsets from its leader, which is exactly what a produce request needs.
 */
final class TopicProvisioner implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_PAUSE_MS = 20;

    private final Map<String, Object> adminConfig;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, String> topicConfig;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile Admin admin; // created on first use: a bus that is never used never connects

    TopicProvisioner(Map<String, Object> adminConfig, int partitions, short replicationFactor) {
        this(adminConfig, partitions, replicationFactor, Map.of());
    }

    /** @param topicConfig topic configuration beyond the bus's own record size limit ({@code min.insync.replicas}) */
    TopicProvisioner(Map<String, Object> adminConfig, int partitions, short replicationFactor,
                     Map<String, String> topicConfig) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        Map<String, String> config = new java.util.HashMap<>(topicConfig);
        config.put("max.message.bytes", String.valueOf(KafkaBus.MAX_RECORD_BYTES));
        this.topicConfig = Map.copyOf(config);
    }

    /** Blocks until the topic exists and is served; call it only from threads that may block. */
    void ensure(String topic) {
        if (known.contains(topic)) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            create(topic, deadline);
            awaitServed(topic, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while provisioning topic " + topic, e);
        }
        known.add(topic);
    }

    private void create(String topic, long deadline) throws InterruptedException {
        try {
            admin().createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(topicConfig)))
                    .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Another bus (another instance of the service) may have just created it: it still has to be served.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("cannot create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("timed out creating topic " + topic, e);
        }
    }

    private void awaitServed(String topic, long deadline) throws InterruptedException {
        while (true) {
            try {
                TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(topic);
                Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
                admin().listOffsets(latest).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || remainingMs(deadline) <= RETRY_PAUSE_MS) {
                    throw new KafkaException("topic " + topic + " is not being served", e.getCause());
                }
                Thread.sleep(RETRY_PAUSE_MS);
            } catch (TimeoutException e) {
                throw new KafkaException("timed out waiting for topic " + topic + " to be served", e);
            }
        }
    }

    private static long remainingMs(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(adminConfig);
                    admin = current;
                }
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
