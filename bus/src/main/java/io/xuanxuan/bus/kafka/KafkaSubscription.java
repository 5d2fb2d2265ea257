package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.BusSubscription;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** A running listener container; closing it stops the consumers after the record in hand. */
final class KafkaSubscription implements BusSubscription {

    private final ConcurrentMessageListenerContainer<String, String> container;
    private final Consumer<KafkaSubscription> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    KafkaSubscription(ConcurrentMessageListenerContainer<String, String> container,
                      Consumer<KafkaSubscription> onClose) {
        this.container = container;
        this.onClose = onClose;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // Blocks until the consumers have left the group, so nothing is delivered after close() returns.
            container.stop();
            onClose.accept(this);
        }
    }
}
