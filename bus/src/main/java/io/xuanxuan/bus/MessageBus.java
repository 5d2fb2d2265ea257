package io.xuanxuan.bus;

import reactor.core.publisher.Mono;

/**
 * The bus port (DESIGN.md section 3). Two adapters implement it: in-process (the standalone default)
 * and Kafka. Services never know which one they run on.
 *
 * <p>Contract, the same on both adapters and checked by one contract test suite:
 * <ul>
 *   <li>{@link #publish} is lazy: nothing happens until its {@code Mono} is subscribed. It completes once the
 *       record is accepted (in-process: queued; Kafka: acknowledged by the broker). When the bus is full it
 *       completes later (back-pressure), it never drops.</li>
 *   <li>Records of one topic and key are published in the order their {@code Mono}s were subscribed, also
 *       when many are subscribed at once without waiting for each other
 *       ({@code Flux.fromIterable(records).flatMap(r -> bus.publish(...))}): so independent publishes
 *       need not wait in line, and only what must follow another's acknowledgement waits for it.</li>
 *   <li>Every subscribed group receives every record of the topic once (at least once across
 *       failures); within a group, records with the same key are handled one at a time, in publish
 *       order, while records of other keys may be handled at the same time. A slow record holds up its
 *       own key, at most its partition, never another partition.</li>
 *   <li>A record counts as consumed when the handler's {@code Mono} completes (commit after
 *       processing; Kafka commits completed offsets at most once per commit interval, so a crash may
 *       deliver again what was done since: handlers are idempotent). A handler error is retried with back-off; when the attempts are used up, or at once
 *       for a record that cannot be decoded ({@code InvalidRecordException}), the record goes to the
 *       dead-letter topic {@code <topic>.dlt} with the reason, and the partition moves on.</li>
 * </ul>
 */
public interface MessageBus {

    /** Publishes one record (a shared-model contract record) under a key. */
    Mono<Void> publish(String topic, String key, Object record);

    /**
     * Subscribes a consumer group to a topic. Records are decoded to {@code type}; the subscription
     * runs until disposed or the bus stops.
     */
    <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler);

    /**
     * True if this process alone handles every key of every group for as long as the bus runs (the
     * in-process bus): a consumer may then keep in memory what it learned from a key's records, since no
     * other process handles that key meanwhile. False where a key's partition can move to another process
     * and back (Kafka), and by default.
     */
    default boolean keysStayInThisProcess() {
        return false;
    }
}
