package io.xuanxuan.gateway.transport;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded queue that takes memory only for what it holds: {@code offer} refuses beyond the bound, like
 * an {@link java.util.concurrent.ArrayBlockingQueue}, but nothing is allocated up front. An idle
 * connection's outbound buffer is empty almost always; an array of the bound for each of 50,000 idle
 * connections would be about 200 MB of empty slots (bench/REPORT.md).
 */
final class BoundedQueue<T> extends AbstractQueue<T> {

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int bound;

    BoundedQueue(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1");
        }
        this.bound = bound;
    }

    @Override
    public boolean offer(T item) {
        if (item == null) {
            throw new NullPointerException();
        }
        while (true) {
            int current = size.get();
            if (current >= bound) {
                return false;
            }
            if (size.compareAndSet(current, current + 1)) {
                items.offer(item);
                return true;
            }
        }
    }

    @Override
    public T poll() {
        T item = items.poll();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    @Override
    public T peek() {
        return items.peek();
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public Iterator<T> iterator() {
        // read-only: a removal through the iterator would not be counted
        Iterator<T> inner = items.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public T next() {
                return inner.next();
            }
        };
    }
}
