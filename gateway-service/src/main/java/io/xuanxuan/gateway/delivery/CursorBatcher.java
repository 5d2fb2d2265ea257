package io.xuanxuan.gateway.delivery;

import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.model.bus.CursorBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Coalesces the cursor advances the clients confirmed (DESIGN.md section 4) and publishes them as
 * {@link CursorBatch}es: for each (user, chat) only the highest seq confirmed since the last batch.
 *
 * <p>A batch goes out every {@code flushInterval}, as soon as {@code batchSize} advances are pending,
 * at once when a connection closes (so the user's next login syncs from the advanced cursor), and at
 * shutdown. One flush runs at a time and publishes everything pending, in batches of at most
 * {@code batchSize}. A batch that cannot be published goes back into the map (still the max per key,
 * so the map stays bounded by users x chats) and is tried again at the next flush; a batch that is lost
 * for good only costs duplicates at the next login, never a missed message.
 */
public class CursorBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CursorBatcher.class);
    private static final RateLimitedLog failureLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    /** Stops after the delivery writer (and the web server), so the last receipts are published. */
    public static final int PHASE = DeliveryWriter.PHASE - 1;

    private record Key(long userId, String cgid) {
    }

    private final CommandPublisher publisher;
    private final GatewayMetrics metrics;
    private final String gatewayId;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration shutdownTimeout;
    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** A flush was asked for while one ran: run another after it. */
    private final AtomicBoolean flushAgain = new AtomicBoolean();

    private volatile Disposable timer;

    public CursorBatcher(CommandPublisher publisher, GatewayProperties properties, GatewayMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.gatewayId = properties.id();
        this.batchSize = properties.cursor().batchSize();
        this.flushInterval = properties.cursor().flushInterval();
        this.shutdownTimeout = properties.publishTimeout();
    }

    /** A connection of {@code userId} confirmed reading chat {@code cgid} up to {@code seq}. */
    public void record(long userId, String cgid, long seq) {
        pending.merge(new Key(userId, cgid), seq, Math::max);
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    /** Advances waiting to be published (one per user and chat). */
    public int pending() {
        return pending.size();
    }

    /** True while a flush publishes (for tests). */
    boolean isFlushing() {
        return flushing.get();
    }

    /**
     * Publishes one user's pending advances now, in a batch of their own (in the background): its
     * connection closed, and a re-login should find its cursors where its reads left them. Independent of
     * the periodic flush: the owner keeps the maximum, so the order of the two batches does not matter.
     */
    public void flushUser(long userId) {
        List<CursorBatch.Advance> advances = new ArrayList<>();
        for (Key key : pending.keySet()) {
            if (key.userId() == userId) {
                Long seq = pending.remove(key);
                if (seq != null) {
                    advances.add(new CursorBatch.Advance(userId, key.cgid(), seq));
                }
            }
        }
        if (!advances.isEmpty()) {
            publish(advances).subscribe(null, error -> { });
        }
    }

    /** Publishes everything pending now (in the background); coalesces with a flush under way. */
    public void flush() {
        if (!flushing.compareAndSet(false, true)) {
            flushAgain.set(true);
            return;
        }
        flushAgain.set(false);
        publishPending()
                .doFinally(signal -> {
                    flushing.set(false);
                    if (signal == reactor.core.publisher.SignalType.ON_COMPLETE && flushAgain.get()
                            && !pending.isEmpty()) {
                        flush();
                    }
                })
                .subscribe(null, error -> { });
    }

    /**
     * What is pending now, batch after batch: as many batches as it takes now, not "until the map is
     * empty". Under steady load receipts keep arriving, and a loop until empty published one tiny batch
     * after another as fast as the bus took them: each a statement and a commit for the chat service,
     * which fell behind by tens of seconds (in BigGroupDeliveryInvariant, thousands of messages delivered
     * again to every member who reconnected). What arrives meanwhile waits for the next flush.
     */
    private Mono<Void> publishPending() {
        int batches = Math.max(1, (pending.size() + batchSize - 1) / batchSize);
        return publishBatch().repeat(batches - 1L, () -> !pending.isEmpty()).then();
    }

    /** Everything pending until the map is empty (at shutdown, when no receipts come any more). */
    private Mono<Void> publishAll() {
        return publishBatch().repeat(() -> !pending.isEmpty()).then();
    }

    /** One batch of at most batchSize advances; errors (after the batch went back) if it fails. */
    private Mono<Void> publishBatch() {
        return Mono.defer(() -> {
                    List<CursorBatch.Advance> advances = take();
                    return advances.isEmpty() ? Mono.empty() : publish(advances);
                });
    }

    /** One batch; on failure the advances go back (still the max) for the next flush, and it errors. */
    private Mono<Void> publish(List<CursorBatch.Advance> advances) {
        return Mono.defer(() -> publisher.publishCursors(CursorBatch.of(gatewayId, advances)))
                .retryWhen(Retry.backoff(2, Duration.ofMillis(100)))
                .doOnSuccess(done -> metrics.cursorBatchPublished(advances.size()))
                .doOnError(error -> {
                    restore(advances);
                    metrics.cursorBatchFailed();
                    failureLog.info("cursor batch of {} advance(s) not published, kept for the next flush ({} "
                            + "pending): {}", advances.size(), pending.size(), error.toString());
                });
    }

    /** Takes up to batchSize advances out of the map. */
    private List<CursorBatch.Advance> take() {
        List<CursorBatch.Advance> advances = new ArrayList<>(Math.min(batchSize, pending.size()));
        for (Key key : pending.keySet()) {
            Long seq = pending.remove(key);
            if (seq != null) {
                advances.add(new CursorBatch.Advance(key.userId(), key.cgid(), seq));
                if (advances.size() >= batchSize) {
                    break;
                }
            }
        }
        return advances;
    }

    private void restore(List<CursorBatch.Advance> advances) {
        for (CursorBatch.Advance advance : advances) {
            pending.merge(new Key(advance.userId(), advance.cgid()), advance.seq(), Math::max);
        }
    }

    @Override
    public synchronized void start() {
        if (timer == null) {
            timer = Flux.interval(flushInterval, flushInterval).subscribe(tick -> flush());
        }
    }

    /** Stops the timer and publishes what is pending, waiting at most the publish timeout. */
    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.dispose();
            timer = null;
        }
        try {
            publishAll().block(shutdownTimeout.multipliedBy(2));
        } catch (RuntimeException e) {
            log.warn("{} cursor advance(s) not published at shutdown (their messages are delivered again at "
                    + "the next login): {}", pending.size(), e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
