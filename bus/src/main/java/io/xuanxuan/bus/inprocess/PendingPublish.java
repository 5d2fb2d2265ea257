package io.xuanxuan.bus.inprocess;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.MonoSink;

/**
 * One {@code publish} fanned out to several groups: it completes once every group has queued the record,
 * which may be later than the call when a partition queue is full (that wait is the back-pressure).
 */
final class PendingPublish {

    private final MonoSink<Void> sink;
    private final AtomicInteger remaining;

    PendingPublish(MonoSink<Void> sink, int groups) {
        this.sink = sink;
        this.remaining = new AtomicInteger(groups);
    }

    /** One more group has the record in its queue. */
    void accepted() {
        if (remaining.decrementAndGet() == 0) {
            sink.success();
        }
    }

    /** The record can no longer be queued (the bus is closing): fail once, whatever the other groups do. */
    void rejected(Throwable error) {
        if (remaining.getAndSet(Integer.MIN_VALUE / 2) > 0) {
            sink.error(error);
        }
    }
}
