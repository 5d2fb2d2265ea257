package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;
import reactor.core.publisher.Mono;

/**
 * The container's listener: decodes a record and waits for its handler. It runs on the Kafka consumer
 * thread, where waiting is right: returning is what lets the container commit the offset (at least once),
 * and the next record of the partition must not start before this one is done.
 */
final class HandlerInvoker<T> implements MessageListener<String, String> {

    private final String group;
    private final Class<T> type;
    private final RecordHandler<T> handler;
    private final Duration timeout;
    private final BusMetrics metrics;

    HandlerInvoker(String group, Class<T> type, RecordHandler<T> handler, Duration timeout, BusMetrics metrics) {
        this.group = group;
        this.type = type;
        this.handler = handler;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        // An undecodable record throws InvalidRecordException, which the error handler never retries.
        T value = ProtocolJson.read(record.value(), type);
        // defer: a handler that throws instead of returning an error Mono (or returns null) fails the same way.
        Mono.defer(() -> handler.handle(value)).block(timeout);
        metrics.consumed(record.topic(), group);
    }
}
