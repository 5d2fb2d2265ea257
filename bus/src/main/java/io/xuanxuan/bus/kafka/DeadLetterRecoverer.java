package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.DeadLetters;
import io.xuanxuan.model.bus.Topics;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Called by the error handler when a record is given up on: sends a {@link DeadLetter} to {@code <topic>.dlt}
 * under the record's own key. If that send fails, the error handler keeps the record and tries again, so a
 * record is never skipped without its dead letter.
 */
final class DeadLetterRecoverer implements ConsumerRecordRecoverer {

    private static final Log log = LogFactory.getLog(DeadLetterRecoverer.class);

    private final String group;
    private final int maxAttempts;
    private final Duration timeout;
    private final Sender sender;
    private final BusMetrics metrics;

    DeadLetterRecoverer(String group, int maxAttempts, Duration timeout, Sender sender, BusMetrics metrics) {
        this.group = group;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.sender = sender;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = unwrap(exception);
        int attempts = DeadLetters.isInvalidRecord(cause) ? 1 : maxAttempts;
        String key = record.key() == null ? null : record.key().toString();
        String value = record.value() == null ? null : record.value().toString();
        DeadLetter letter = DeadLetters.of(record.topic(), key, group, value, cause, attempts);
        log.warn("dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " (group " + group + ", key " + key + "): " + letter.reason());
        sender.send(Topics.deadLetter(record.topic()), key, letter).block(timeout);
        metrics.deadLettered(record.topic(), group);
    }

    // The container wraps what the listener threw, and Mono.block wraps checked exceptions; the reason
    // should name what the handler actually failed with.
    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof ListenerExecutionFailedException && t.getCause() != null) {
            t = t.getCause();
        }
        return Exceptions.unwrap(t);
    }

    /** Sends a record that may have no key (a raw record written by someone else). */
    @FunctionalInterface
    interface Sender {
        Mono<Void> send(String topic, String key, Object record);
    }
}
