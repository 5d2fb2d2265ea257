package io.xuanxuan.gateway.command;

/**
 * The request budget of one connection: a token bucket ({@code burst} tokens, refilled at
 * {@code perSecond}; a request takes as many as it costs, see {@link RequestCost}), and a count of refusals within a window, past which the client is treated as a
 * flood and disconnected.
 *
 * <p>Used by one connection's frame sequence at a time, but synchronized anyway: it costs nothing.
 */
public final class FloodGuard {

    private final double perNano;
    private final double capacity;
    private final int closeAfter;
    private final long windowNanos;

    private double tokens;
    private long refilledAt;
    private int refusals;
    private long windowStart;

    public FloodGuard(int perSecond, int burst, int closeAfter, long windowNanos, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.closeAfter = closeAfter;
        this.windowNanos = windowNanos;
        this.tokens = burst;
        this.refilledAt = now;
        this.windowStart = now;
    }

    /** Takes one token; false when the connection is over its rate. */
    public boolean tryAcquire(long now) {
        return tryAcquire(now, 1);
    }

    /**
     * Takes {@code cost} tokens (at most the bucket's size: see {@link RequestCost}); false, taking
     * nothing, when the connection has fewer left.
     */
    public synchronized boolean tryAcquire(long now, int cost) {
        if (now > refilledAt) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }
        double wanted = Math.min(Math.max(cost, 1), capacity);
        if (tokens >= wanted) {
            tokens -= wanted;
            return true;
        }
        return false;
    }

    /** Counts one refusal; true once the refusals within the window reach the limit. */
    public synchronized boolean refusedTooOften(long now) {
        if (now - windowStart > windowNanos) {
            windowStart = now;
            refusals = 0;
        }
        refusals++;
        return refusals >= closeAfter;
    }
}
