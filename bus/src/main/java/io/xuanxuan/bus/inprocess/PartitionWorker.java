package io.xuanxuan.bus.inprocess;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One partition of one consumer group: a bounded queue whose records are processed strictly one after
 * another. It owns no thread: while it has work, exactly one task of it is on the bus scheduler at a time,
 * which is what keeps a key's records in order.
 *
 * <p>A publisher that finds the queue full (or others already waiting) is parked in FIFO order and let in
 * as the worker takes records out; nobody spins, blocks, or loses a record. Parked publishers join behind
 * those already waiting even when space has just freed, so one publisher's records never overtake each
 * other.
 */
final class PartitionWorker {

    private static final Log log = LogFactory.getLog(PartitionWorker.class);

    private final String name;
    private final int capacity;
    private final Scheduler scheduler;
    private final Function<Envelope, Mono<Void>> processor;

    // Guarded by this. A monitor suffices: every critical section is a few queue operations.
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;

    PartitionWorker(String name, int capacity, Scheduler scheduler, Function<Envelope, Mono<Void>> processor) {
        this.name = name;
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.processor = processor;
    }

    /** Records queued, parked, and the one running: this partition's part of the group's lag. */
    synchronized int backlog() {
        return queue.size() + parked.size() + (busy ? 1 : 0);
    }

    /**
     * Queues a record, or parks it when the queue is full.
     *
     * @return true when queued now; false when parked, and {@code publish} is told once it is queued
     */
    boolean offer(Envelope envelope, PendingPublish publish) {
        boolean queued;
        boolean start;
        synchronized (this) {
            if (closed) {
                // The group is gone: there is nobody left to deliver to, so the record needs no room.
                return true;
            }
            queued = parked.isEmpty() && queue.size() < capacity;
            if (queued) {
                queue.add(envelope);
            } else {
                parked.add(new Parked(envelope, publish));
            }
            // Normally already busy when the queue is full; if not (work was rejected), this restarts it.
            start = !busy;
            busy = true;
        }
        if (start) {
            scheduleNext();
        }
        return queued;
    }

    /** Stops taking records; queued ones are discarded, parked publishers are released (or failed). */
    void close(Throwable parkedError) {
        List<Parked> released;
        synchronized (this) {
            closed = true;
            queue.clear();
            released = new ArrayList<>(parked);
            parked.clear();
        }
        for (Parked p : released) {
            if (parkedError == null) {
                p.publish().accepted();
            } else {
                p.publish().rejected(parkedError);
            }
        }
    }

    // Always hop onto the bus scheduler: a handler's Mono may complete on a foreign thread (an event loop,
    // a timer), and the next record's handler may block.
    private void scheduleNext() {
        synchronized (this) {
            if (closed) {
                busy = false;
                return;
            }
        }
        try {
            scheduler.schedule(this::processNext);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                busy = false;
            }
            log.warn("bus scheduler rejected work for " + name + "; it resumes at the next publish to it", e);
        }
    }

    private void processNext() {
        Envelope next;
        Parked admitted = null;
        synchronized (this) {
            next = closed ? null : queue.poll();
            if (next == null) {
                busy = false;
                return;
            }
            if (!parked.isEmpty()) {
                admitted = parked.poll();
                queue.add(admitted.envelope());
            }
        }
        if (admitted != null) {
            admitted.publish().accepted();
        }
        Mono<Void> processing;
        try {
            processing = processor.apply(next);
        } catch (RuntimeException e) {
            afterRecord(e);
            return;
        }
        processing.subscribe(null, this::afterRecord, () -> afterRecord(null));
    }

    private void afterRecord(Throwable unexpected) {
        if (unexpected != null) {
            // The processor dead-letters failures itself; reaching here is a bug, and must not stall the partition.
            log.error("record processing failed unexpectedly in " + name + "; moving on", unexpected);
        }
        scheduleNext();
    }

    private record Parked(Envelope envelope, PendingPublish publish) {
    }
}
