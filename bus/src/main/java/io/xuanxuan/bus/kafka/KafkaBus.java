package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RecordProcessor;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The distributed bus: records are JSON text ({@link ProtocolJson}) keyed by the record key, so Kafka's
 * default partitioner keeps a key on one partition and in order.
 *
 * <p>Publishing: {@link #publish} is lazy, like any Mono. The send itself happens on one thread owned by the
 * bus, because {@code KafkaProducer.send} may block (metadata, full buffer) and must not block the caller;
 * one thread, so records are handed to the producer in the order their Monos were subscribed (a
 * {@code flatMap} over publishes keeps a key's order). Completion is the broker's acknowledgement, signalled
 * on a bus thread rather than the producer's I/O thread, which must never run caller code.
 *
 * <p>Consuming: per subscription {@code concurrency} consumers, each a {@link PollLoop} on a thread of its own
 * that handles a poll's records concurrently across keys and in order within a key, on the bus's worker
 * threads, and commits completed offsets (asynchronously, at most once per commit interval; synchronously on
 * revocation and close). Each record goes through the {@link RecordProcessor} both adapters share: retries
 * with back-off, transient failures waited out, dead letter after the attempts, an undecodable record
 * dead-lettered at once.
 */
public final class KafkaBus implements MessageBus, AutoCloseable {

    /** Largest record the bus sends; topics it creates accept it too ({@code max.message.bytes}). */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private final KafkaBusSettings settings;
    private final BusMetrics metrics;
    private final DefaultKafkaProducerFactory<String, String> producerFactory;
    private final KafkaTemplate<String, String> template;
    private final TopicProvisioner topics;
    private final Scheduler sender;
    private final Scheduler workers;
    private final Set<KafkaSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Set only once the consumers have stopped: a handler finishing its record during close() may still publish.
    private volatile boolean producerClosed;

    public KafkaBus(KafkaBusSettings settings, BusMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.producerFactory = new DefaultKafkaProducerFactory<>(producerConfig(settings),
                new StringSerializer(), new StringSerializer());
        this.template = new KafkaTemplate<>(producerFactory);
        this.topics = new TopicProvisioner(commonConfig(settings), settings.partitions(),
                settings.replicationFactor(), settings.topicConfig());
        this.sender = Schedulers.newSingle("xx-kafka-send", true);
        this.workers = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "xx-kafka-bus", 60, true);
    }

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
        return send(topic, key, record);
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
        topics.ensure(topic);

        AtomicBoolean closing = new AtomicBoolean();
        RecordProcessor<T> processor = new RecordProcessor<>(topic, group, text -> decode(text, type),
                text -> text == null ? null : text.toString(), handler, settings.retry(), settings.handlerTimeout(), workers, this::send,
                metrics, closing::get);
        List<PollLoop> loops = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            Map<String, Object> config = consumerConfig(settings);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            if (settings.clientIdPrefix() != null) {
                config.put(ConsumerConfig.CLIENT_ID_CONFIG,
                        settings.clientIdPrefix() + "-" + group + "-" + topic + "-" + i);
            }
            loops.add(new PollLoop("xx-kafka-" + group + "-" + topic + "-" + i, topic, group,
                    () -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()),
                    processor, workers, settings.commitInterval(), settings.handlerTimeout(),
                    settings.maxPollRecords(), metrics));
        }
        KafkaSubscription subscription = new KafkaSubscription(loops, closing, settings.handlerTimeout(),
                subscriptions::remove);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    // A record's text is only ever a String here; null (a tombstone someone else wrote) is undecodable too.
    private static <T> T decode(Object text, Class<T> type) {
        return ProtocolJson.read((String) text, type);
    }

    /** Stops every subscription, then the producer and the bus's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (KafkaSubscription subscription : Set.copyOf(subscriptions)) {
            subscription.close();
        }
        producerClosed = true;
        producerFactory.destroy();
        topics.close();
        sender.dispose();
        workers.dispose();
    }

    // Keys may be null here only for dead letters of raw records that had none.
    private Mono<Void> send(String topic, String key, Object record) {
        return Mono.defer(() -> {
                    if (producerClosed) {
                        return Mono.error(new IllegalStateException("the bus is closed"));
                    }
                    String json = ProtocolJson.write(record);
                    topics.ensure(topic);
                    return Mono.fromFuture(template.send(topic, key, json)
                            .thenApply(result -> (Void) null));
                })
                .subscribeOn(sender)
                .publishOn(workers)
                .doOnSuccess(ignored -> metrics.published(topic));
    }

    private static Map<String, Object> commonConfig(KafkaBusSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    private static Map<String, Object> producerConfig(KafkaBusSettings settings) {
        Map<String, Object> config = commonConfig(settings);
        // Idempotence keeps a key's records in order across retried sends, and implies acks=all.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Kafka's 1 MB default is less than one login's user list of a few thousand users
        config.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        // Kafka 4 clients wait 5 ms for more records before sending; a handler waits for each of its sends,
        // so that linger capped every consumer at a few hundred records a second (bench/REPORT.md)
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (settings.clientIdPrefix() != null) {
            config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientIdPrefix() + "-producer");
        }
        return config;
    }

    private static Map<String, Object> consumerConfig(KafkaBusSettings settings) {
        Map<String, Object> config = commonConfig(settings);
        // Commit only after the handler is done (at least once), and start a new group at the beginning.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Bounds a consumer's records in flight, and what a crash re-delivers.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }
}
