package io.xuanxuan.bus.support;

import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.model.bus.Topics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * What one consumer group does with one record, the same on both adapters: decode it to the subscribed type
 * (an undecodable record is dead-lettered at once), call the handler with the retry policy (a handler that
 * does not complete within the handler timeout fails), wait out transient failures ({@link TransientFailures}),
 * and dead-letter the record once the attempts are used up.
 *
 * <p>The returned Mono never fails. It emits {@code true} once the record is done with (handled, or its dead
 * letter accepted): only then may the adapter count it as consumed (commit its offset). It emits {@code false}
 * when the subscription closes first, including while a dead letter cannot be published: such a record is not
 * done and must be delivered again, never skipped without its dead letter.
 */
public final class RecordProcessor<T> {

    private static final Log log = LogFactory.getLog(RecordProcessor.class);
    /** Least wait between attempts to publish a dead letter, so a broker that is down is not hammered. */
    private static final Duration MIN_DEAD_LETTER_BACKOFF = Duration.ofMillis(100);

    private final String topic;
    private final String group;
    private final Function<Object, T> decoder;
    private final Function<Object, String> text;
    private final RecordHandler<T> handler;
    private final RetryPolicy retryPolicy;
    private final Duration handlerTimeout;
    private final Scheduler scheduler;
    private final DeadLetterPublisher deadLetters;
    private final BusMetrics metrics;
    private final BooleanSupplier closed;

    /**
     * @param decoder     turns a record as it travels into the subscribed type; throws
     *                    {@code ProtocolJson.InvalidRecordException} when it cannot
     * @param text        the record as its dead letter shows it (JSON text)
     * @param scheduler   where timeouts and back-off waits run
     * @param deadLetters publishes onto {@code <topic>.dlt}
     * @param closed      true once the subscription is closing: failures are then neither retried nor
     *                    dead-lettered, and the record is left for redelivery
     */
    public RecordProcessor(String topic, String group, Function<Object, T> decoder, Function<Object, String> text,
                           RecordHandler<T> handler, RetryPolicy retryPolicy, Duration handlerTimeout,
                           Scheduler scheduler, DeadLetterPublisher deadLetters, BusMetrics metrics,
                           BooleanSupplier closed) {
        this.topic = topic;
        this.group = group;
        this.decoder = decoder;
        this.text = text;
        this.handler = handler;
        this.retryPolicy = retryPolicy;
        this.handlerTimeout = handlerTimeout;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.closed = closed;
        // at 0 from the start: an alert on increase() sees the first dead letter, not only the second
        metrics.subscribed(topic, group);
    }

    /**
     * @param key         the record's key (may be null for a raw record written by someone else)
     * @param record      the record as it travels (Kafka: JSON text; in-process: the object)
     * @param publishedAt when it was published (epoch millis), for {@link BusMetrics#CONSUME_DELAY}
     * @return true once the record is done with; false when it must be delivered again (see the class)
     */
    public Mono<Boolean> process(String key, Object record, long publishedAt) {
        return Mono.defer(() -> {
                    metrics.consumeDelay(topic, group, System.currentTimeMillis() - publishedAt);
                    return handleWithRetries(decoder.apply(record));
                })
                .then(Mono.fromCallable(() -> {
                    metrics.consumed(topic, group);
                    return true;
                }))
                .onErrorResume(error -> closed.getAsBoolean() ? Mono.just(false) : deadLetter(key, record, error));
    }

    private Mono<Void> handleWithRetries(T value) {
        // defer: a handler that throws instead of returning an error Mono (or returns null) fails the same way.
        // Only failures of the handler itself count against the retries; an unreachable store or broker is
        // waited out (TransientFailures), so its records are never dead-lettered.
        AtomicInteger handlerFailures = new AtomicInteger();
        return Mono.defer(() -> handler.handle(value))
                .timeout(handlerTimeout, scheduler)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, retryPolicy.initialBackoff())
                        .maxBackoff(RetryPolicy.MAX_BACKOFF)
                        .jitter(0)
                        .scheduler(scheduler)
                        .filter(error -> !DeadLetters.isInvalidRecord(error) && !closed.getAsBoolean()
                                && (TransientFailures.isTransient(error)
                                    || handlerFailures.incrementAndGet() <= retryPolicy.retries()))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    // A dead letter that cannot be published is tried again until it is, or the subscription closes (then the
    // record is not done and comes again): the partition waits rather than lose the record.
    private Mono<Boolean> deadLetter(String key, Object record, Throwable error) {
        int attempts = DeadLetters.isInvalidRecord(error) ? 1 : retryPolicy.maxAttempts();
        DeadLetter letter = DeadLetters.of(topic, key, group, text.apply(record), error, attempts);
        log.warn("dead-lettering a record of " + topic + " (group " + group + ", key " + key + "): "
                + letter.reason());
        metrics.deadLettered(topic, group);
        Duration backoff = retryPolicy.initialBackoff().compareTo(MIN_DEAD_LETTER_BACKOFF) < 0
                ? MIN_DEAD_LETTER_BACKOFF : retryPolicy.initialBackoff();
        return Mono.defer(() -> deadLetters.publish(Topics.deadLetter(topic), key, letter))
                .timeout(handlerTimeout, scheduler)
                .doOnError(publishError -> log.warn("could not dead-letter a record of " + topic + " (group "
                        + group + ", key " + key + "); trying again: " + publishError))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, backoff)
                        .maxBackoff(RetryPolicy.MAX_BACKOFF)
                        .jitter(0)
                        .scheduler(scheduler)
                        .filter(publishError -> !closed.getAsBoolean()))
                .thenReturn(true)
                .onErrorResume(publishError -> {
                    log.error("closing before the dead letter of a record of " + topic + " (group " + group
                            + ", key " + key + ") was published; it is not committed and comes again");
                    return Mono.just(false);
                });
    }

    /** Where dead letters go: the bus itself. */
    @FunctionalInterface
    public interface DeadLetterPublisher {
        Mono<Void> publish(String deadLetterTopic, String key, DeadLetter letter);
    }
}
