package io.xuanxuan.bus.inprocess;

import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.DeadLetters;
import io.xuanxuan.bus.support.RetryPolicy;
import io.xuanxuan.bus.support.TransientFailures;
import io.xuanxuan.model.json.ProtocolJson;
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
 * What one consumer group does with one record: convert it to the subscribed type, call the handler with
 * retries and back-off, and dead-letter it when that fails. The returned Mono never fails, so a bad record
 * costs its partition at most the retry time.
 */
final class GroupRecordProcessor<T> implements Function<Envelope, Mono<Void>> {

    private static final Log log = LogFactory.getLog(GroupRecordProcessor.class);

    private final String topic;
    private final String group;
    private final Class<T> type;
    private final RecordHandler<T> handler;
    private final RetryPolicy retryPolicy;
    private final Duration handlerTimeout;
    private final Scheduler scheduler;
    private final DeadLetterPublisher deadLetters;
    private final BusMetrics metrics;
    private final BooleanSupplier closed;

    GroupRecordProcessor(String topic, String group, Class<T> type, RecordHandler<T> handler,
                         InProcessBusSettings settings, Scheduler scheduler, DeadLetterPublisher deadLetters,
                         BusMetrics metrics, BooleanSupplier closed) {
        this.topic = topic;
        this.group = group;
        this.type = type;
        this.handler = handler;
        this.retryPolicy = settings.retry();
        this.handlerTimeout = settings.handlerTimeout();
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.closed = closed;
    }

    @Override
    public Mono<Void> apply(Envelope envelope) {
        return Mono.defer(() -> handleWithRetries(convert(envelope.record())))
                .doOnSuccess(ignored -> metrics.consumed(topic, group))
                .onErrorResume(error -> closed.getAsBoolean() ? Mono.empty() : deadLetter(envelope, error));
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

    /**
     * Records travel as objects; a subscriber asking for another type gets what the Kafka adapter would give
     * it after a JSON round trip, and a record that does not fit is undecodable, as on Kafka.
     */
    private T convert(Object record) {
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

    private Mono<Void> deadLetter(Envelope envelope, Throwable error) {
        int attempts = DeadLetters.isInvalidRecord(error) ? 1 : retryPolicy.maxAttempts();
        DeadLetter letter = DeadLetters.of(topic, envelope.key(), group, DeadLetters.json(envelope.record()),
                error, attempts);
        log.warn("dead-lettering a record of " + topic + " (group " + group + ", key " + envelope.key() + "): "
                + letter.reason());
        metrics.deadLettered(topic, group);
        return deadLetters.publish(topic, envelope.key(), letter)
                .onErrorResume(publishError -> {
                    log.error("could not dead-letter a record of " + topic + "; it is lost: " + letter,
                            publishError);
                    return Mono.empty();
                });
    }

    /** Where dead letters go: the bus itself, onto {@code <topic>.dlt}. */
    @FunctionalInterface
    interface DeadLetterPublisher {
        Mono<Void> publish(String topic, String key, DeadLetter letter);
    }
}
