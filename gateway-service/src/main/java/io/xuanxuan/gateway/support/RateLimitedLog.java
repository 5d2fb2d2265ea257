package io.xuanxuan.gateway.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One log line per interval for an event a client can cause at will (a protocol violation, a refused
 * connection): the first occurrence is logged, the next ones within the interval are only counted, and
 * the count is reported with the next line. An attacker thus cannot choose the log's volume.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextLineAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at INFO unless a line was written within the interval; {@code format} as for SLF4J. */
    public void info(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextLineAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextLineAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (log.isInfoEnabled()) {
            String line = skipped > 0 ? format + " (and {} more like it since the last line)" : format;
            Object[] all = args;
            if (skipped > 0) {
                all = java.util.Arrays.copyOf(args, args.length + 1);
                all[args.length] = skipped;
            }
            log.info(line, all);
        }
    }
}
