package io.xuanxuan.chat.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one user may make the server deliver: a token bucket per user of deliveries (one message to one
 * recipient is one delivery), refilled at {@code deliveriesPerSecond} up to {@code burst}. A request costs
 * what it causes, messages × recipients, not one unit: one request of 100 messages to a chat of 12,000
 * members would otherwise queue 1.2 million deliveries ahead of everyone else's (issue 10, defect 4).
 * A request beyond the budget is refused before anything is stored and takes nothing from the bucket.
 *
 * <p>The buckets live in a bounded cache: an idle bucket is full again after {@code burst / rate} seconds,
 * so dropping it then loses nothing; the size bound only matters beyond {@value #MAX_USERS} users sending
 * at once, and then a dropped bucket starts full (memory stays bounded, a user gains at most one burst).
 */
public class DeliveryBudget {

    private static final Logger log = LoggerFactory.getLogger(DeliveryBudget.class);
    static final int MAX_USERS = 100_000;
    /** At most one log line per this period, however often the budget refuses (an attacker controls that). */
    private static final long LOG_PERIOD_NANOS = Duration.ofSeconds(10).toNanos();

    private final double perNano;
    private final long burst;
    private final LongSupplier nanoTime;
    private final Cache<Long, Bucket> buckets;
    private final Counter refusedRequests;
    private final Counter refusedDeliveries;
    private final AtomicLong nextLogAt;
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * @param deliveriesPerSecond the refill rate; 0 or less turns the budget off
     * @param burst               the most one user may cause at once (and the most one request may cost)
     */
    public DeliveryBudget(double deliveriesPerSecond, long burst, LongSupplier nanoTime, MeterRegistry meters) {
        if (deliveriesPerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("xuanxuan.chat.deliveries-burst must be at least 1");
        }
        this.perNano = deliveriesPerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        Duration refill = Duration.ofNanos(deliveriesPerSecond > 0 ? (long) Math.ceil(burst / perNano) : 0);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_USERS)
                .expireAfterAccess(refill.plusSeconds(1))
                .ticker(nanoTime::getAsLong)
                .build();
        this.refusedRequests = meters == null ? null : Counter.builder("xuanxuan.chat.delivery.budget.refused.requests")
                .description("message requests refused because they would exceed the sender's delivery budget")
                .register(meters);
        this.refusedDeliveries = meters == null ? null
                : Counter.builder("xuanxuan.chat.delivery.budget.refused.deliveries")
                        .description("deliveries (messages x recipients) of the refused message requests")
                        .register(meters);
        this.nextLogAt = new AtomicLong(nanoTime.getAsLong());
    }

    public DeliveryBudget(double deliveriesPerSecond, long burst, MeterRegistry meters) {
        this(deliveriesPerSecond, burst, System::nanoTime, meters);
    }

    public boolean enabled() {
        return perNano > 0;
    }

    /**
     * Takes {@code messages × recipients} deliveries from the user's bucket, or refuses with a message
     * saying what to do and takes nothing.
     */
    public void charge(long userId, int messages, int recipients) {
        if (!enabled() || recipients <= 0) {
            return;
        }
        long cost = (long) messages * recipients;
        if (cost > burst) {
            refused(userId, messages, recipients, cost);
            throw new RuleRefusal("This request would make " + cost + " deliveries (" + messages + " message(s) to "
                    + recipients + " recipient(s)); one user may cause at most " + burst
                    + " at once. Send fewer messages per request.");
        }
        Bucket bucket = buckets.get(userId, id -> new Bucket(burst, nanoTime.getAsLong()));
        if (!bucket.tryTake(cost, nanoTime.getAsLong(), perNano, burst)) {
            refused(userId, messages, recipients, cost);
            throw new RuleRefusal("You are sending faster than the server delivers for one user (" + cost
                    + " deliveries: " + messages + " message(s) to " + recipients
                    + " recipient(s)); nothing was sent. Wait a moment and send again.");
        }
    }

    private void refused(long userId, int messages, int recipients, long cost) {
        if (refusedRequests != null) {
            refusedRequests.increment();
            refusedDeliveries.increment(cost);
        }
        long now = nanoTime.getAsLong();
        long due = nextLogAt.get();
        long suppressed = unlogged.incrementAndGet();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_PERIOD_NANOS)) {
            unlogged.addAndGet(-suppressed);
            log.warn("delivery budget refused {} message request(s) since the last report; latest: user {} asked "
                            + "for {} deliveries ({} messages x {} recipients); budget {}/s, burst {} "
                            + "(xuanxuan.chat.deliveries-per-second, xuanxuan.chat.deliveries-burst)",
                    suppressed, userId, cost, messages, recipients, Math.round(perNano * 1e9), burst);
        }
    }

    /** One user's tokens; synchronized because one user's requests run in several chats' partitions at once. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(long burst, long now) {
            this.tokens = burst;
            this.updated = now;
        }

        synchronized boolean tryTake(long cost, long now, double perNano, long burst) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) * perNano);
                updated = now;
            }
            if (cost > tokens) {
                return false;
            }
            tokens -= cost;
            return true;
        }
    }
}
