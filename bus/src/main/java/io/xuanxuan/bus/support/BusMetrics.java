package io.xuanxuan.bus.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The bus meters, when a {@link MeterRegistry} exists: records published and consumed per topic, dead
 * letters per topic, offset commits, and the delay from publish to handler per topic and group. Topic and group names come from code, never from clients, so the tag values stay few.
 */
public final class BusMetrics {

    public static final String PUBLISHED = "xuanxuan.bus.published";
    public static final String CONSUMED = "xuanxuan.bus.consumed";
    public static final String DEAD_LETTERS = "xuanxuan.bus.dead.letters";
    /** Time from a record's publish (Kafka: its CreateTime; in-process: when it was queued) to its handler. */
    public static final String CONSUME_DELAY = "xuanxuan.bus.consume.delay";
    /** Offset commits of a group (Kafka), so an operator can see they are per interval, not per record. */
    public static final String COMMITS = "xuanxuan.bus.commits";
    /**
     * Records of a topic that a group has not handled yet: Kafka, per consumer the end offset minus its
     * position (the client's own lag estimate, no broker call) plus the records in flight; in-process, the
     * records queued, parked and running. Summed over a group's consumers in this process.
     */
    public static final String CONSUMER_LAG = "xuanxuan.bus.consumer.lag";

    public static final BusMetrics NONE = new BusMetrics(null);

    private final MeterRegistry registry;
    // Builder.register() looks the meter up anyway, but would allocate an id on every record.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, LagGauge> lags = new ConcurrentHashMap<>();

    private BusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static BusMetrics of(MeterRegistry registry) {
        return registry == null ? NONE : new BusMetrics(registry);
    }

    public void published(String topic) {
        increment(PUBLISHED, topic, null);
    }

    public void consumed(String topic, String group) {
        increment(CONSUMED, topic, group);
    }

    public void deadLettered(String topic, String group) {
        increment(DEAD_LETTERS, topic, group);
    }

    /** A group subscribed to a topic: its dead letter counter exists (at 0) before the first dead letter. */
    public void subscribed(String topic, String group) {
        counter(DEAD_LETTERS, topic, group);
    }

    /** @param millis how long the record waited; a clock skew between hosts shows as 0, not negative */
    public void consumeDelay(String topic, String group, long millis) {
        if (registry == null) {
            return;
        }
        timers.computeIfAbsent(topic + '\u0000' + group, ignored -> Timer.builder(CONSUME_DELAY)
                        .description("time from a record's publish to the start of its handler")
                        .tag("topic", topic)
                        .tag("group", group)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void committed(String topic, String group) {
        increment(COMMITS, topic, group);
    }

    /**
     * Adds a consumer's backlog to the {@link #CONSUMER_LAG} gauge of its topic and group, read at each
     * scrape; closing the handle takes it out again (the consumer stopped).
     */
    public AutoCloseable consumerLag(String topic, String group, LongSupplier backlog) {
        if (registry == null) {
            return () -> { };
        }
        LagGauge gauge = lags.computeIfAbsent(topic + '\u0000' + group, ignored -> {
            LagGauge created = new LagGauge();
            Gauge.builder(CONSUMER_LAG, created, LagGauge::sum)
                    .description("records of the topic the group has not handled yet")
                    .tag("topic", topic)
                    .tag("group", group)
                    .strongReference(true)
                    .register(registry);
            return created;
        });
        gauge.sources.add(backlog);
        return () -> gauge.sources.remove(backlog);
    }

    /** The backlogs of one group's consumers of one topic. */
    private static final class LagGauge {
        final Set<LongSupplier> sources = ConcurrentHashMap.newKeySet();

        double sum() {
            long sum = 0;
            for (LongSupplier source : sources) {
                sum += Math.max(0, source.getAsLong());
            }
            return sum;
        }
    }

    private void increment(String name, String topic, String group) {
        if (registry == null) {
            return;
        }
        counter(name, topic, group).increment();
    }

    private Counter counter(String name, String topic, String group) {
        if (registry == null) {
            return null;
        }
        String id = name + '\u0000' + topic + '\u0000' + group;
        return counters.computeIfAbsent(id, ignored -> {
            Counter.Builder builder = Counter.builder(name).tag("topic", topic);
            if (group != null) {
                builder.tag("group", group);
            }
            return builder.register(registry);
        });
    }
}
