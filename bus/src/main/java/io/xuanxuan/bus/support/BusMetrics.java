package io.xuanxuan.bus.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bus counters, when a {@link MeterRegistry} exists: records published and consumed per topic, dead
 * letters per topic. Topic and group names come from code, never from clients, so the tag values stay few.
 */
public final class BusMetrics {

    public static final String PUBLISHED = "xuanxuan.bus.published";
    public static final String CONSUMED = "xuanxuan.bus.consumed";
    public static final String DEAD_LETTERS = "xuanxuan.bus.dead.letters";

    public static final BusMetrics NONE = new BusMetrics(null);

    private final MeterRegistry registry;
    // Builder.register() looks the meter up anyway, but would allocate an id on every record.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

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
