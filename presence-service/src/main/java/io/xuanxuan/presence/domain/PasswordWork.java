package io.xuanxuan.presence.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Where the slow password work (bcrypt) runs: a fixed number of threads of its own and a bounded wait
 * queue, never a Netty event loop or a bus consumer thread. Work beyond both is refused at once
 * ({@link Busy}) instead of waiting: in a login storm every login used to queue behind all the others
 * (2,000 logins took 160 s, and a newcomer's login timed out), now a login either runs within the
 * queue's wait or is told promptly to come back.
 */
public class PasswordWork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PasswordWork.class);
    /** At most one log line per this interval about refused work (an attacker controls the rate). */
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The work was refused: every thread is busy and the wait queue is full. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("password work queue full", null, false, false);
        }
    }

    private final ThreadPoolExecutor executor;
    private final Counter refusedCounter;
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /**
     * @param threads password computations at once
     * @param queue   computations waiting for a thread; beyond them work is refused
     * @param meters  where the refusals are counted (null: not counted)
     */
    public PasswordWork(int threads, int queue, MeterRegistry meters) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("password work needs at least one thread and a queue of 0 or more");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "password-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                factory, new ThreadPoolExecutor.AbortPolicy());
        if (meters != null) {
            this.refusedCounter = Counter.builder("xuanxuan.presence.login.busy")
                    .description("Logins refused because password verification was at its bound")
                    .register(meters);
            Gauge.builder("xuanxuan.presence.password.queued", executor, e -> e.getQueue().size())
                    .description("Password verifications waiting for a thread").register(meters);
            Gauge.builder("xuanxuan.presence.password.active", executor, ThreadPoolExecutor::getActiveCount)
                    .description("Password verifications running").register(meters);
        } else {
            this.refusedCounter = null;
        }
    }

    /** Runs the work on a password thread; errors with {@link Busy} at once if it cannot be queued. */
    public <T> Mono<T> run(Callable<T> work) {
        return Mono.create(sink -> {
            Future<?> future;
            try {
                future = executor.submit(() -> {
                    try {
                        sink.success(work.call());
                    } catch (Throwable error) {
                        sink.error(error);
                    }
                });
            } catch (RejectedExecutionException full) {
                refused();
                sink.error(new Busy());
                return;
            }
            // a login whose client went away no longer needs its verification
            sink.onCancel(() -> future.cancel(false));
        });
    }

    /** Computations running now. */
    public int running() {
        return executor.getActiveCount();
    }

    /** Computations waiting for a thread. */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** A login refused as busy before it got here (it waited too long for its turn). */
    public void refusedStale() {
        refused();
    }

    private void refused() {
        if (refusedCounter != null) {
            refusedCounter.increment();
        }
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            long logged = refusedSinceLog.getAndSet(0);
            log.warn("password verification at its bound ({} running, {} waiting): {} login(s) refused as busy "
                    + "since the last report", executor.getActiveCount(), executor.getQueue().size(),
                    logged);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
