package io.xuanxuan.gateway.command;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Admission control: the commands this gateway has in flight (published for a service, response not yet
 * written to the connection), bounded by {@code max}. A request beyond the bound is refused at once
 * ({@link CommandGate}: {@code fail}, "try again in a second") instead of waiting behind everything that
 * is queued: a service that completes C commands a second makes an admitted command wait at most about
 * {@code max / C}, however much more is offered.
 *
 * <p>How a response is matched to its command: a response carries no command id, only its connection id and
 * the module/method it echoes. Each connection keeps its in-flight slots in the order taken; a response to
 * the connection frees the oldest slot of its route. Responses of one route to one connection come back in
 * request order (one chat's commands are one key, and a connection's requests are handled in order), and
 * where they do not, any slot of the route stands for any other: what counts is how many are in flight.
 * Neither a duplicate nor a lost response can make the count drift for long:
 * <ul>
 *   <li>a duplicate response (the bus is at least once, a command may be handled and answered twice) frees
 *       a later command's slot of the same route early, or nothing when the connection has none; the later
 *       command's own response then finds nothing. The count is never below zero and is right again once
 *       the connection's commands of that route are answered;</li>
 *   <li>a response that never comes (its command dead-lettered, a service that lost it): the slot is freed
 *       after {@code timeout}, or when the connection closes, whichever is first;</li>
 *   <li>a publish that failed frees its own slot ({@link #cancel}).</li>
 * </ul>
 * Thread-safe: every change of a connection's slots is one {@link ConcurrentHashMap#compute} on its entry,
 * and the total is changed only by the slots added or removed there.
 */
public final class InFlightCommands implements SmartLifecycle {

    /** One command in flight. Identity matters: a failed publish frees exactly its own slot. */
    public static final class Slot {
        private final String connectionId;
        private final String route;
        private final long since;

        Slot(String connectionId, String route, long since) {
            this.connectionId = connectionId;
            this.route = route;
            this.since = since;
        }

        public String connectionId() {
            return connectionId;
        }

        public String route() {
            return route;
        }
    }

    private final int max;
    private final long timeoutNanos;
    private final Duration sweepEvery;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    /** The slots of each connection with commands in flight, oldest first. */
    private final ConcurrentHashMap<String, ArrayDeque<Slot>> byConnection = new ConcurrentHashMap<>();
    private volatile Disposable sweep;

    public InFlightCommands(int max, Duration timeout) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
        this.timeoutNanos = timeout.toNanos();
        this.sweepEvery = sweepInterval(timeout);
    }

    /** A quarter of the timeout, between 10 ms and a second: a lost response's slot is freed at most that late. */
    static Duration sweepInterval(Duration timeout) {
        return Duration.ofMillis(Math.max(10, Math.min(1000, timeout.toMillis() / 4)));
    }

    /**
     * Takes a slot for a command of {@code route} from a connection; null when {@code max} are in flight
     * (nothing taken: the request is to be refused).
     */
    public Slot tryAcquire(String connectionId, String route, long nowNanos) {
        int current;
        do {
            current = count.get();
            if (current >= max) {
                return null;
            }
        } while (!count.compareAndSet(current, current + 1));
        Slot slot = new Slot(connectionId, route, nowNanos);
        byConnection.compute(connectionId, (id, slots) -> {
            ArrayDeque<Slot> held = slots != null ? slots : new ArrayDeque<>(2);
            held.addLast(slot);
            return held;
        });
        return slot;
    }

    /** The slot's command was not published (or not in time): frees that slot, if it is still held. */
    public void cancel(Slot slot) {
        free(slot.connectionId, slots -> removeSame(slots, slot));
    }

    /**
     * A response to a connection was written: frees the oldest slot of its route on that connection.
     * Returns false if the connection had none (a duplicate response, or one whose slot had expired).
     */
    public boolean answered(String connectionId, String route) {
        return free(connectionId, slots -> removeFirstOf(slots, route)) > 0;
    }

    /** The connection ended: its commands will not be answered to anyone; frees all its slots. */
    public void connectionEnded(String connectionId) {
        int[] removed = new int[1];
        byConnection.computeIfPresent(connectionId, (id, slots) -> {
            removed[0] = slots.size();
            return null;
        });
        count.addAndGet(-removed[0]);
    }

    /** Frees the slots taken more than {@code timeout} before {@code nowNanos}; returns how many. */
    public int expire(long nowNanos) {
        int freed = 0;
        for (String connectionId : byConnection.keySet()) {
            freed += free(connectionId, slots -> {
                int n = 0;
                // oldest first: the head is the oldest slot left, whatever was freed from the middle
                while (!slots.isEmpty() && nowNanos - slots.peekFirst().since > timeoutNanos) {
                    slots.pollFirst();
                    n++;
                }
                return n;
            });
        }
        expired.addAndGet(freed);
        return freed;
    }

    /** Commands in flight now. */
    public int inFlight() {
        return count.get();
    }

    /** Slots freed by the timeout since the start (responses that never came). */
    public int expiredCount() {
        return expired.get();
    }

    public int max() {
        return max;
    }

    private interface Removal {
        int from(ArrayDeque<Slot> slots);
    }

    private int free(String connectionId, Removal removal) {
        int[] freed = new int[1];
        byConnection.computeIfPresent(connectionId, (id, slots) -> {
            freed[0] = removal.from(slots);
            return slots.isEmpty() ? null : slots;
        });
        if (freed[0] > 0) {
            count.addAndGet(-freed[0]);
        }
        return freed[0];
    }

    private static int removeSame(ArrayDeque<Slot> slots, Slot slot) {
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            if (it.next() == slot) {
                it.remove();
                return 1;
            }
        }
        return 0;
    }

    private static int removeFirstOf(ArrayDeque<Slot> slots, String route) {
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            if (it.next().route.equals(route)) {
                it.remove();
                return 1;
            }
        }
        return 0;
    }

    @Override
    public synchronized void start() {
        if (sweep == null) {
            sweep = Flux.interval(sweepEvery, sweepEvery).subscribe(tick -> expire(System.nanoTime()));
        }
    }

    @Override
    public synchronized void stop() {
        if (sweep != null) {
            sweep.dispose();
            sweep = null;
        }
    }

    @Override
    public boolean isRunning() {
        return sweep != null;
    }
}
