package io.xuanxuan.bus.kafka;

import io.xuanxuan.bus.BusSubscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The running consumers of one subscription; closing it stops them after their records in flight. */
final class KafkaSubscription implements BusSubscription {

    /** Beyond waiting for records in flight: committing, leaving the group. */
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(30);

    private final List<PollLoop> loops;
    private final AtomicBoolean closing;
    private final Duration waitForInFlight;
    private final Consumer<KafkaSubscription> onClose;

    /** @param closing set once {@link #close} starts; the record processor reads it to stop retrying */
    KafkaSubscription(List<PollLoop> loops, AtomicBoolean closing, Duration waitForInFlight,
                      Consumer<KafkaSubscription> onClose) {
        this.loops = List.copyOf(loops);
        this.closing = closing;
        this.waitForInFlight = waitForInFlight;
        this.onClose = onClose;
    }

    void start() {
        loops.forEach(PollLoop::start);
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            // All at once, then wait: the consumers' waits for their records in flight overlap.
            loops.forEach(PollLoop::stop);
            // Blocks until the consumers have committed and left the group, so nothing is delivered after.
            for (PollLoop loop : loops) {
                loop.join(waitForInFlight.plus(CLOSE_SLACK));
            }
            onClose.accept(this);
        }
    }
}
