package io.xuanxuan.bus.inprocess;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.DeadLetters;
import io.xuanxuan.bus.support.RecordProcessor;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The standalone bus: Kafka's contract inside one JVM.
 *
 * <p>Each topic has, per subscribed group, {@code partitions} bounded queues; a key always lands in the same
 * one ({@code floorMod(key.hashCode(), partitions)}), and each queue is processed one record at a time, so
 * a key's records are handled in publish order. The queues share one bounded elastic scheduler owned by the
 * bus instead of a thread each, because handlers may block (JDBC on H2).
 *
 * <p>{@link #publish} is lazy, like any Mono: the record is queued when the Mono is subscribed to, and the
 * Mono completes once every group subscribed at that moment has it queued. A full queue makes that wait
 * (back-pressure) without blocking the caller's thread; cancelling it does not withdraw the record, as a
 * Kafka send cannot be taken back either. Records are passed as the objects themselves.
 * See {@link InProcessTopic} for what happens to records published while a topic has no group.
 */
public final class InProcessBus implements MessageBus, AutoCloseable {

    private static final Log log = LogFactory.getLog(InProcessBus.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final InProcessBusSettings settings;
    private final BusMetrics metrics;
    private final Scheduler scheduler;
    private final Map<String, InProcessTopic> topics = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public InProcessBus() {
        this(InProcessBusSettings.DEFAULT, BusMetrics.NONE);
    }

    public InProcessBus(InProcessBusSettings settings, BusMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // Daemon threads: a forgotten close() must not keep the JVM alive.
        this.scheduler = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "xx-bus", 60, true);
    }

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
        return Mono.<Void>create(sink -> {
                    if (closed.get()) {
                        sink.error(new IllegalStateException("the bus is closed"));
                        return;
                    }
                    topic(topic).publish(new Envelope(key, record), sink);
                })
                .doOnSuccess(ignored -> metrics.published(topic));
    }

    @Override
    public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("the bus is closed");
        }
        InProcessGroup consumer = new InProcessGroup(topic, group, settings, scheduler, self -> {
            RecordProcessor<T> processor = new RecordProcessor<>(topic, group, record -> convert(record, type),
                    DeadLetters::json, handler, settings.retry(), settings.handlerTimeout(), scheduler,
                    this::publish, metrics, self::isClosed);
            return envelope -> processor.process(envelope.key(), envelope.record(), envelope.publishedAt()).then();
        });
        consumer.lagGauge(metrics.consumerLag(topic, group, consumer::backlog));
        InProcessTopic target = topic(topic);
        target.attach(consumer);
        return new Subscription(target, consumer);
    }

    /** Stops every subscription, fails publishers still waiting for room, and stops the bus's threads. */
    /** One process, one consumer per group: every key is handled here, always. */
    @Override
    public boolean keysStayInThisProcess() {
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IllegalStateException closing = new IllegalStateException("the bus is closed");
        for (InProcessTopic topic : topics.values()) {
            for (InProcessGroup group : topic.detachAll()) {
                group.close(closing);
            }
        }
        // Let a handler in progress finish rather than interrupt it mid-write (blocking JDBC takes interrupts
        // badly), within reason.
        scheduler.disposeGracefully()
                .timeout(SHUTDOWN_GRACE)
                .onErrorResume(e -> {
                    log.warn("bus handlers still running after " + SHUTDOWN_GRACE + "; stopping them");
                    scheduler.dispose();
                    return Mono.empty();
                })
                .block();
    }

    /**
     * Records travel as objects; a subscriber asking for another type gets what the Kafka adapter would give
     * it after a JSON round trip, and a record that does not fit is undecodable, as on Kafka.
     */
    private static <T> T convert(Object record, Class<T> type) {
        if (type.isInstance(record)) {
            return type.cast(record);
        }
        T value;
        try {
            value = ProtocolJson.mapper().convertValue(record, type);
        } catch (IllegalArgumentException e) {
            throw new ProtocolJson.InvalidRecordException(
                    "not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new ProtocolJson.InvalidRecordException("not a valid " + type.getSimpleName() + ": null", null);
        }
        return value;
    }

    private InProcessTopic topic(String name) {
        return topics.computeIfAbsent(name, n -> new InProcessTopic(n, settings.capacity()));
    }

    private static final class Subscription implements BusSubscription {
        private final InProcessTopic topic;
        private final InProcessGroup group;
        private final AtomicBoolean closed = new AtomicBoolean();

        Subscription(InProcessTopic topic, InProcessGroup group) {
            this.topic = topic;
            this.group = group;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                topic.detach(group);
                group.close(null);
            }
        }
    }
}
