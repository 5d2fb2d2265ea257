package io.xuanxuan.service.config;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A piece of housekeeping run every {@code interval}, one turn at a time: a turn that comes while the last one
 * still runs is skipped (not queued), and a turn that fails is logged and the next one runs as planned. The
 * services' schedules (file's orphan sweep, the standalone server's database compaction) share it rather than
 * each writing the same loop and stop.
 */
public final class PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String what;
    private final Duration interval;
    private final Supplier<? extends Mono<?>> turn;
    private volatile Disposable running;

    /**
     * @param what     what a turn does, for the log ("the sweep of orphaned files")
     * @param interval time between turns; zero or negative: never runs
     * @param turn     one turn (subscribed anew each time; a blocking one must move off the timer thread itself)
     */
    public PeriodicTask(String what, Duration interval, Supplier<? extends Mono<?>> turn) {
        this.what = what;
        this.interval = interval;
        this.turn = turn;
    }

    /** Starts the turns, the first one {@code interval} from now; does nothing if the interval is not positive. */
    public void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        running = Flux.interval(interval, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(turn).onErrorResume(e -> {
                    log.warn("{} failed (tried again later): {}", what, e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** Stops the turns; a turn under way is cancelled. */
    public void stop() {
        Disposable current = running;
        running = null;
        if (current != null) {
            current.dispose();
        }
    }
}
