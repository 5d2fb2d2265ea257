package io.xuanxuan.bus.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    public static final BusMetrics NONE = new BusMetrics(null);

    private final MeterRegistry registry;
    // Builder.register() looks the meter up anyway, but would allocate an id on every record.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

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

    private void increment(String name, String topic, String group) {
        if (registry == null) {
            return;
        }
        String id = name + '\u0000' + topic + '\u0000' + group;
        counters.computeIfAbsent(id, ignored -> {
            Counter.Builder builder = Counter.builder(name).tag("topic", topic);
            if (group != null) {
                builder.tag("group", group);
            }
            return builder.register(registry);
        }).increment();
    }
}
