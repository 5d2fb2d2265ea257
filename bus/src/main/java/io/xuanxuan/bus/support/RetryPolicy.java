package io.xuanxuan.bus.support;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failing handler is retried before its record is dead-lettered: {@code retries} more attempts after
 * the first one, waiting {@code initialBackoff}, then twice as long each time (capped at {@link #MAX_BACKOFF}).
 */
public record RetryPolicy(int retries, Duration initialBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(50));

    /**
     * A retrying record holds up its whole partition, and on Kafka the wait must stay well inside
     * {@code max.poll.interval.ms}; so no single wait may grow past this.
     */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0: " + retries);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be >= 0: " + initialBackoff);
        }
    }

    /** The handler is called at most this many times for one record. */
    public int maxAttempts() {
        return retries + 1;
    }
}
