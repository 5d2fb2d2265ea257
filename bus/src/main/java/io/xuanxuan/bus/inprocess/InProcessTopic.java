package io.xuanxuan.bus.inprocess;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.MonoSink;

/**
 * A topic: the groups subscribed to it, and the backlog of records published while it had none.
 *
 * <p>Kafka keeps a topic's records for a group that subscribes later; the in-process bus keeps only what
 * arrived while no group at all was subscribed, and hands it to the next group that subscribes. That covers
 * what matters here (a publisher starting before its consumer) with memory bounded by {@code capacity}.
 * A full backlog drops its oldest record, as retention would: parking publishers instead would stall for
 * ever anyone publishing to a topic nobody reads (a dead-letter topic, typically).
 *
 * <p>Publishers take the read lock, so they fan out in parallel; subscribing and leaving take the write
 * lock, so a group sees either all of a publish or none of it, and the backlog goes to exactly one group
 * ahead of anything published after. Callbacks into caller code (completing a publish) run outside the lock.
 */
final class InProcessTopic {

    private static final Log log = LogFactory.getLog(InProcessTopic.class);

    private final String name;
    private final int capacity;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<InProcessGroup> groups = new ArrayList<>(); // guarded by lock
    // Guarded by itself: publishers all hold the read lock at once.
    private final ArrayDeque<Envelope> backlog = new ArrayDeque<>();
    private long dropped; // guarded by backlog

    InProcessTopic(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    void publish(Envelope envelope, MonoSink<Void> sink) {
        PendingPublish pending;
        int acceptedNow = 0;
        lock.readLock().lock();
        try {
            if (groups.isEmpty()) {
                keepInBacklog(envelope);
                pending = null;
            } else {
                pending = new PendingPublish(sink, groups.size());
                for (InProcessGroup group : groups) {
                    if (group.offer(envelope, pending)) {
                        acceptedNow++;
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (pending == null) {
            sink.success();
            return;
        }
        for (int i = 0; i < acceptedNow; i++) {
            pending.accepted();
        }
    }

    /** @throws IllegalStateException when the group is already subscribed to this topic */
    void attach(InProcessGroup group) {
        lock.writeLock().lock();
        try {
            for (InProcessGroup existing : groups) {
                if (existing.name().equals(group.name())) {
                    throw new IllegalStateException("group " + group.name() + " is already subscribed to " + name
                            + "; the in-process bus has one subscription per group and topic");
                }
            }
            groups.add(group);
            handOverBacklog(group);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void detach(InProcessGroup group) {
        lock.writeLock().lock();
        try {
            groups.remove(group);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Detaches every group, for the bus to close them. */
    List<InProcessGroup> detachAll() {
        lock.writeLock().lock();
        try {
            List<InProcessGroup> all = new ArrayList<>(groups);
            groups.clear();
            return all;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void keepInBacklog(Envelope envelope) {
        synchronized (backlog) {
            if (backlog.size() >= capacity) {
                backlog.poll();
                if (dropped++ % 1000 == 0) {
                    log.warn("topic " + name + " has no subscriber and a full backlog of " + capacity
                            + "; dropping its oldest records (" + dropped + " so far)");
                }
            }
            backlog.add(envelope);
        }
    }

    // Under the write lock, before any later publish reaches the group. A fresh group's partition queues
    // are empty and each as large as the whole backlog, so every record is queued at once.
    private void handOverBacklog(InProcessGroup group) {
        synchronized (backlog) {
            for (Envelope envelope : backlog) {
                group.offer(envelope, null);
            }
            backlog.clear();
        }
    }
}
