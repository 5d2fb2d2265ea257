package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import io.xuanxuan.bus.support.TransientFailures;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
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
 * <p>Consuming: one listener container per subscription, offsets committed once the records of a poll are
 * handled ({@code AckMode.BATCH}, no auto-commit), failures retried with exponential back-off by a
 * {@link DefaultErrorHandler}, then dead-lettered by {@link DeadLetterRecoverer}. An undecodable record is
 * dead-lettered at once.
 */
public final class KafkaBus implements MessageBus, AutoCloseable {

    /** Largest record the bus sends; topics it creates accept it too ({@code max.message.bytes}). */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final long POLL_TIMEOUT_MS = 250;
    private static final int MAX_POLL_RECORDS = 100;

    private final KafkaBusSettings settings;
    private final BusMetrics metrics;
    private final DefaultKafkaProducerFactory<String, String> producerFactory;
    private final KafkaTemplate<String, String> template;
    private final DefaultKafkaConsumerFactory<String, String> consumerFactory;
    private final TopicProvisioner topics;
    private final Scheduler sender;
    private final Scheduler completions;
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
        this.consumerFactory = new DefaultKafkaConsumerFactory<>(consumerConfig(settings),
                new StringDeserializer(), new StringDeserializer());
        this.topics = new TopicProvisioner(commonConfig(settings), settings.partitions(),
                settings.replicationFactor());
        this.sender = Schedulers.newSingle("xx-kafka-send", true);
        this.completions = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
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

        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId(group);
        if (settings.clientIdPrefix() != null) {
            properties.setClientId(settings.clientIdPrefix() + "-" + group + "-" + topic);
        }
        // Offsets are committed once the handlers of all the records of a poll are done (still at least once),
        // not after each record (AckMode.RECORD): a Kafka 4 broker holds every offset commit for
        // group.coordinator.append.linger.ms (5 ms), so committing each record synchronously capped a consumer
        // near 150 records/s, and asynchronously let pending commits pile up without bound. A poll holds at
        // most MAX_POLL_RECORDS, and a single record when traffic is low.
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        // Bounds how long stopping an idle container takes.
        properties.setPollTimeout(POLL_TIMEOUT_MS);
        properties.setMessageListener(
                new HandlerInvoker<>(group, type, handler, settings.handlerTimeout(), metrics));

        ConcurrentMessageListenerContainer<String, String> container =
                new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
        container.setConcurrency(settings.concurrency());
        container.setCommonErrorHandler(errorHandler(group));
        container.setBeanName("xx-bus-" + group + "-" + topic);
        container.start();

        KafkaSubscription subscription = new KafkaSubscription(container, subscriptions::remove);
        subscriptions.add(subscription);
        return subscription;
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
        completions.dispose();
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
                .publishOn(completions)
                .doOnSuccess(ignored -> metrics.published(topic));
    }

    private DefaultErrorHandler errorHandler(String group) {
        RetryPolicy retry = settings.retry();
        DeadLetterRecoverer recoverer = new DeadLetterRecoverer(group, retry.maxAttempts(),
                settings.handlerTimeout(), this::send, metrics);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(retry));
        // Exactly one kind of failure skips the retries: a record that cannot be decoded will not improve.
        // (The handler's built-in list, e.g. ClassCastException, would make Kafka differ from in-process.)
        handler.setClassifications(Map.of(ProtocolJson.InvalidRecordException.class, false), true);
        // An unreachable store or broker is waited out, never dead-lettered (TransientFailures); null: the
        // policy's limited back-off for everything else.
        handler.setBackOffFunction((record, exception) ->
                TransientFailures.isTransient(exception) ? untilItWorks(retry) : null);
        return handler;
    }

    private static BackOff untilItWorks(RetryPolicy retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(Math.max(1, retry.initialBackoff().toMillis()), 2.0);
        backOff.setMaxInterval(RetryPolicy.MAX_BACKOFF.toMillis());
        return backOff; // no limit on attempts or elapsed time
    }

    private static BackOff backOff(RetryPolicy retry) {
        if (retry.retries() == 0) {
            // ExponentialBackOffWithMaxRetries(0) still grants one retry.
            return new FixedBackOff(0, 0);
        }
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.retries());
        backOff.setInitialInterval(retry.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(RetryPolicy.MAX_BACKOFF.toMillis());
        return backOff;
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
        // Bounds what a crash re-delivers, and how long one poll's handlers may take in all (the consumer leaves
        // the group if that exceeds max.poll.interval.ms).
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        return config;
    }
}
