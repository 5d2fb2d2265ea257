package io.xuanxuan.file.config;

import io.xuanxuan.file.domain.OrphanSweep;
import io.xuanxuan.service.config.PeriodicTask;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Runs the {@link OrphanSweep} once at start-up and then every {@code interval} (0: only at start-up). A
 * sweep that fails is logged and tried again at the next turn; a turn that comes while a sweep still runs
 * is skipped.
 */
public class OrphanSweepSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweepSchedule.class);

    static final Duration FIRST_SWEEP_WAIT = Duration.ofSeconds(60);

    private final OrphanSweep sweep;
    private final PeriodicTask turns;
    private volatile boolean started;

    public OrphanSweepSchedule(OrphanSweep sweep, Duration interval) {
        this.sweep = sweep;
        this.turns = new PeriodicTask("the sweep of orphaned files", interval, sweep::sweep);
    }

    /**
     * The first sweep runs here, before the web server takes requests (see {@link #getPhase()}), so it
     * competes with no upload; a store too large to sweep within {@link #FIRST_SWEEP_WAIT} finishes in the
     * background.
     */
    @Override
    public void start() {
        CompletableFuture<OrphanSweep.Result> first = safely().toFuture();
        try {
            first.get(FIRST_SWEEP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.info("the sweep of orphaned files goes on in the background");
        } catch (ExecutionException e) {
            log.warn("the sweep of orphaned files failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turns.start();
        started = true;
    }

    private Mono<OrphanSweep.Result> safely() {
        return sweep.sweep().onErrorResume(e -> {
            log.warn("the sweep of orphaned files failed (tried again later): {}", e.toString());
            return Mono.empty();
        });
    }

    /** Before the web server starts ({@code DEFAULT_PHASE - 2048} in Spring Boot), after every bean exists. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
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
