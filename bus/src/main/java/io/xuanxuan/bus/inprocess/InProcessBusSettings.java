package io.xuanxuan.bus.inprocess;

import io.xuanxuan.bus.support.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * @param partitions     partitions per topic and group; a key always maps to the same one
 * @param capacity       records each partition queue (and each topic's backlog) holds before publishers wait
 * @param retry          how a failing handler is retried before its record is dead-lettered
 * @param handlerTimeout how long one handler call may take before it counts as failed, so a handler that
 *                       never completes cannot stall its partition
 */
public record InProcessBusSettings(int partitions, int capacity, RetryPolicy retry, Duration handlerTimeout) {

    public static final InProcessBusSettings DEFAULT =
            new InProcessBusSettings(8, 10_000, RetryPolicy.DEFAULT, Duration.ofSeconds(60));

    public InProcessBusSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
            throw new IllegalArgumentException("handlerTimeout must be positive: " + handlerTimeout);
        }
    }
}
