package io.xuanxuan.file.config;

import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.service.config.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Forgets ended sessions once they are older than {@code xuanxuan.xxc.recent-session-age} (their sids no longer
 * open download links anyway), every {@link #INTERVAL}: the per-user bound keeps a user's rows few, this keeps
 * the users who never come back from leaving theirs for ever.
 */
public class RecentSessionSweepSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecentSessionSweepSchedule.class);

    static final Duration INTERVAL = Duration.ofMinutes(10);

    private final PeriodicTask turns;
    private volatile boolean started;

    public RecentSessionSweepSchedule(FileSessionStore sessions, Duration recentSessionAge, Clock clock) {
        this.turns = new PeriodicTask("the sweep of ended sessions", INTERVAL, () -> Mono.defer(
                () -> sessions.sweepEnded(clock.millis() - recentSessionAge.toMillis()))
                .doOnNext(swept -> {
                    if (swept > 0) {
                        log.debug("forgot {} ended sessions", swept);
                    }
                }));
    }

    @Override
    public void start() {
        turns.start();
        started = true;
    }

    @Override
    public void stop() {
        turns.stop();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
