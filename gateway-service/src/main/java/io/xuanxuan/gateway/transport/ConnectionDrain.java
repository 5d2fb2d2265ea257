package io.xuanxuan.gateway.transport;

import io.xuanxuan.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the gateway's sockets at shutdown (SIGTERM, context close), before the web server stops:
 * <ol>
 *   <li>readiness turns {@code REFUSING_TRAFFIC} (so {@code /readyz} answers 503 and the load balancer stops
 *       sending clients here) and new WebSocket upgrades are refused with 503
 *       ({@link LimitedHandshakeWebSocketService});</li>
 *   <li>every open socket is closed with 1001 "going away" after the frames already queued for it, one after
 *       the other over {@code drainPeriod}, so the clients reconnect to another gateway spread out in time
 *       instead of in one burst;</li>
 *   <li>it waits until the sockets have ended (at most the close timeout after the last close): each ended
 *       connection flushes its user's confirmed read cursors, and the cursor batcher, which stops after this
 *       (lower phase), publishes the rest.</li>
 * </ol>
 * Blocks the closing thread for about {@code drainPeriod}: that is the point, and what the pod's termination
 * grace period must leave room for.
 */
public class ConnectionDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectionDrain.class);

    /**
     * Stops first of all: before the services of the same process stop consuming (standalone: their command
     * and event consumers stop from {@code Integer.MAX_VALUE - 100} down), so requests sent while the sockets
     * drain are still answered and the cursors their closes publish still have a consumer; before Spring Boot's
     * graceful web server shutdown ({@code DEFAULT_PHASE - 1024}); long before the delivery writer and cursor
     * batcher (about {@code DEFAULT_PHASE - 4096}).
     */
    public static final int PHASE = Integer.MAX_VALUE - 50;

    private static final long POLL_MS = 10;

    private final ConnectionRegistry registry;
    private final Duration drainPeriod;
    private final Duration closeTimeout;
    private final ApplicationEventPublisher events;
    private final GatewayMetrics metrics;
    private volatile boolean running;
    private volatile boolean draining;

    public ConnectionDrain(ConnectionRegistry registry, Duration drainPeriod, Duration closeTimeout,
                           ApplicationEventPublisher events, GatewayMetrics metrics) {
        this.registry = registry;
        this.drainPeriod = drainPeriod;
        this.closeTimeout = closeTimeout;
        this.events = events;
        this.metrics = metrics;
    }

    /** True from the start of shutdown: no new socket is taken. */
    public boolean isDraining() {
        return draining;
    }

    @Override
    public void start() {
        if (draining) {
            // started again after a stop (a context's lifecycle restarted: Spring's test context cache pauses
            // idle contexts that way): traffic is welcome again, or readiness would stay refusing for good
            draining = false;
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        try {
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("connection drain interrupted with {} connection(s) open", registry.size());
        } finally {
            running = false;
        }
    }

    private void drain() throws InterruptedException {
        Set<Connection> open = new LinkedHashSet<>(registry.all());
        log.info("shutting down: closing {} connection(s) over {}", open.size(), drainPeriod);
        long start = System.nanoTime();
        long stepNanos = open.isEmpty() ? 0 : drainPeriod.toNanos() / open.size();
        int i = 0;
        for (Connection connection : open) {
            sleepUntil(start + stepNanos * i++);
            close(connection);
        }
        // Waits for the TCP connections, not only the handlers: a handler ends once the close frame is written,
        // the socket when the client answers it or the close timeout drops it, and the web server's graceful
        // shutdown would otherwise wait for those sockets as requests still active. A handshake that passed the
        // check just before draining began registers late: it is closed here too.
        long deadline = System.nanoTime() + closeTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            for (Connection late : registry.all()) {
                open.add(late);
                close(late);
            }
            open.removeIf(connection -> !connection.isSocketOpen());
            if (open.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(POLL_MS);
        }
        if (!open.isEmpty()) {
            log.warn("{} connection(s) still open after the drain, the web server stops them (first: {})", open.size(),
                    open.stream().limit(10).toList());
        } else {
            log.info("every connection closed after {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private void close(Connection connection) {
        if (connection.closeAfterPending(Connection.SHUTTING_DOWN)) {
            metrics.closed(GatewayMetrics.CLOSE_SHUTDOWN);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
