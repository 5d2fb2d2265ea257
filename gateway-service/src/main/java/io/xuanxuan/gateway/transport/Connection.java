package io.xuanxuan.gateway.transport;

import io.netty.channel.Channel;
import io.xuanxuan.gateway.command.FloodGuard;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.model.bus.SessionBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

/**
 * One client socket, WebSocket or legacy TCP: what differs between the two (frame or line, receipt by pong or
 * by write completion, pings or none, close frame or socket close) is its {@link Wire}; the rest is here.
 *
 * <p>What it holds: a globally unique id ({@code <gatewayId>-<n>}), the session bound to it once its
 * login succeeded, and the frames waiting to be written. That queue is bounded: when it is full the
 * client reads slower than it is written to, and it is closed with 1008 "too slow" rather than
 * buffered without end.
 *
 * <p>Frames are offered from several threads (deliveries from the bus, local answers from the event
 * loop, pings from a timer); offering is synchronized, so they are written in the order offered.
 * Nothing here blocks: a full queue is a decision, not a wait.
 *
 * <p>Writing: one drain loop (guarded, so one thread at a time) takes frames from the queue as the socket
 * asks for them. Push arrays that wait behind one another are written as one array (up to
 * {@code maxPushFrameBytes}): a client that reads slowly gets fewer, larger frames instead of being
 * closed for a queue of small ones. Responses, the notice, pings and the close are never merged, and
 * everything keeps the order in which it was offered.
 *
 * <p>Closing: {@link #closeAfterPending} writes everything offered before it, then the close frame
 * (logout, kickoff, flood); {@link #closeNow} sends the close frame at once (too slow, idle, frame too
 * large). Either way, a client that does not take the close frame within {@code closeTimeout} has its
 * TCP connection dropped.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Clients decide how often these happen: one line per interval each, with the count of the rest. */
    private static final RateLimitedLog slowLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private static final RateLimitedLog dropLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    /** What waits in the outbound queue. */
    private sealed interface Outbound permits Text, Ping, Close {
    }

    /**
     * {@code onReceived} runs once the client proved it read the frame (null: nobody waits for it);
     * {@code push}: a JSON array of push packets, which may be merged with the push arrays after it.
     */
    private record Text(byte[] utf8, Runnable onReceived, boolean push, long acceptedAt) implements Outbound {

        boolean mergeable() {
            return push && utf8.length > 2 && utf8[0] == '[' && utf8[utf8.length - 1] == ']';
        }
    }

    private record Ping() implements Outbound {
    }

    private record Close() implements Outbound {
    }

    private static final Ping PING = new Ping();
    private static final Close CLOSE = new Close();

    public static final CloseStatus TOO_SLOW = CloseStatus.POLICY_VIOLATION.withReason("too slow");
    public static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("Server shutting down: reconnect");
    public static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("Idle timeout");
    public static final CloseStatus PINGS_UNANSWERED = CloseStatus.GOING_AWAY.withReason("Pings not answered");
    public static final CloseStatus NO_LOGIN = CloseStatus.POLICY_VIOLATION.withReason("Not logged in in time");

    private final String id;
    private final Wire wire;
    private final Channel channel;
    private final FloodGuard floodGuard;
    private final GatewayMetrics metrics;
    private final Duration closeTimeout;
    private final int maxPushFrameBytes;
    /** What waits to be written; polled only by {@link #drain()} (one thread at a time). */
    private final BoundedQueue<Outbound> queue;
    private final Sinks.Empty<Void> stopWriting = Sinks.empty();
    /** The socket's writer, once {@link #outbound()} is subscribed. */
    private volatile FluxSink<Object> writer;
    /** The writer completed or was cancelled (guarded by this): nothing more will be written. */
    private boolean writerGone;
    private final java.util.concurrent.atomic.AtomicInteger drainWork = new java.util.concurrent.atomic.AtomicInteger();
    /** The close item was taken (only read and written by the drain loop). */
    private boolean closeTaken;

    /** Callbacks of frames written and followed by a receipt ping, by receipt number. */
    private final java.util.NavigableMap<Long, Runnable> awaitingReceipt = new java.util.TreeMap<>();
    private long lastReceipt;
    private volatile SessionBinding binding;
    /** A login was published and its answer has not been written yet (guarded by this). */
    private boolean loginInFlight;
    private volatile ConnectionLimits.Ticket limits;
    private volatile long lastSeenNanos = System.nanoTime();
    /** Keep-alive pings queued since the last pong: a client that never answers is closed (receipts never complete). */
    private final java.util.concurrent.atomic.AtomicInteger unansweredPings = new java.util.concurrent.atomic.AtomicInteger();
    private volatile CloseStatus closeStatus;
    private boolean ended;

    /**
     * @param channel the Netty channel under the socket, used only to drop a client that does not take
     *                its close frame; null when not known
     */
    public Connection(String id, WebSocketSession session, Channel channel, int outboundBufferFrames,
                      int maxPushFrameBytes, Duration closeTimeout, FloodGuard floodGuard, GatewayMetrics metrics) {
        this(id, new WebSocketWire(session), channel, outboundBufferFrames, maxPushFrameBytes, closeTimeout,
                floodGuard, metrics);
    }

    /** A connection over any {@link Wire} (the legacy TCP door's). */
    public Connection(String id, Wire wire, Channel channel, int outboundBufferFrames,
                      int maxPushFrameBytes, Duration closeTimeout, FloodGuard floodGuard, GatewayMetrics metrics) {
        this.id = id;
        this.wire = wire;
        this.channel = channel;
        this.floodGuard = floodGuard;
        this.metrics = metrics;
        this.closeTimeout = closeTimeout;
        this.maxPushFrameBytes = maxPushFrameBytes;
        this.queue = new BoundedQueue<>(outboundBufferFrames);
    }

    public String id() {
        return id;
    }

    /** The session bound by a successful login, or null. */
    public SessionBinding binding() {
        return binding;
    }

    public FloodGuard floodGuard() {
        return floodGuard;
    }

    /** Something arrived from the client (any frame, pongs included). */
    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    public Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastSeenNanos);
    }

    /** True once a close was decided; nothing more is written or processed. */
    public boolean isClosing() {
        return closeStatus != null;
    }

    public CloseStatus closeStatus() {
        CloseStatus status = closeStatus;
        return status != null ? status : CloseStatus.NORMAL;
    }

    /**
     * Binds a session; false if the connection already ended, or its wire refuses the session (then it is closed
     * with the wire's status): the binding is then not kept.
     */
    boolean bind(SessionBinding session) {
        CloseStatus refused = wire.refuseBinding(session);
        if (refused != null) {
            loginAnswered();
            closeNow(refused);
            return false;
        }
        return bindAccepted(session);
    }

    private synchronized boolean bindAccepted(SessionBinding session) {
        loginInFlight = false;
        if (ended) {
            return false;
        }
        binding = session;
        if (limits != null) {
            limits.loggedIn(); // no longer counts as a socket without login
        }
        return true;
    }

    /**
     * Claims this connection for a login. A connection carries one session for its whole life: a second
     * login while one is bound or still being answered is refused (see README, "One login per
     * connection"), so nothing of the first user can stay attached to a socket that another user holds.
     * Returns false if the connection has a session or a login in flight.
     */
    public synchronized boolean startLogin() {
        if (binding != null || loginInFlight) {
            return false;
        }
        loginInFlight = true;
        return true;
    }

    /** The login in flight was answered without a session (refused, or never published). */
    public synchronized void loginAnswered() {
        loginInFlight = false;
    }

    /** The connection-limits ticket this connection holds (released by the handler when it ends). */
    void limitedBy(ConnectionLimits.Ticket ticket) {
        this.limits = ticket;
    }

    /**
     * True while the TCP connection is open. It may outlive {@link #isEnded}: the handler finishes when the
     * close frame is written, the TCP connection when the client answers it (or the close timeout drops it).
     */
    public boolean isSocketOpen() {
        return channel != null ? channel.isOpen() : !isEnded();
    }

    /** True once the socket is gone (its handler finished and it was unregistered, or is being). */
    public synchronized boolean isEnded() {
        return ended;
    }

    /**
     * Marks the connection ended (its handler finished); returns the session that was bound, or null.
     * A scheduled drop stays scheduled: the handler can finish before a client that does not read has
     * taken its close frame, and the drop is a no-op once the socket is closed.
     */
    synchronized SessionBinding end() {
        ended = true;
        return binding;
    }

    /**
     * Queues a text frame (UTF-8 JSON). The array is shared between connections and never modified.
     * Returns false if the frame will not be written: the connection is closing, or it was too slow
     * (and is now being closed for it).
     */
    public boolean send(byte[] utf8) {
        return offer(new Text(utf8, null, false, 0));
    }

    /**
     * Queues a text frame and runs {@code onReceived} once the client has read it: the frame is followed
     * by a ping carrying a receipt number, and a client's pong echoes the ping's data (RFC 6455), which
     * it can only do after reading everything sent before the ping. A frame the client never confirms
     * (the connection dropped, even with the frame already in TCP buffers) never runs its callback:
     * that is how queued offline pushes stay queued when the client goes away mid-delivery.
     */
    public boolean send(byte[] utf8, Runnable onReceived) {
        return offer(new Text(utf8, onReceived, false, 0));
    }

    /**
     * Queues a push array ({@code [packet, ...]}), which may be written together with the push arrays
     * queued right after it (one frame, one receipt ping that runs every part's {@code onReceived}).
     * {@code onReceived} may be null. Returns false like {@link #send(byte[])}.
     */
    public boolean push(byte[] utf8, Runnable onReceived) {
        return push(utf8, onReceived, 0);
    }

    /**
     * {@link #push(byte[], Runnable)} of chat messages that chat accepted at {@code acceptedAt} (epoch
     * milliseconds; 0: not measured): the delivery latency is recorded when the frame goes to the socket.
     */
    public boolean push(byte[] utf8, Runnable onReceived, long acceptedAt) {
        return offer(new Text(utf8, onReceived, true, acceptedAt));
    }

    /** A pong arrived: confirms every frame sent before the ping it answers. */
    public void pong(java.nio.ByteBuffer payload) {
        unansweredPings.set(0);
        if (payload.remaining() != Long.BYTES) {
            return;
        }
        confirmReceipt(payload.getLong());
    }

    /**
     * Confirms every frame written before receipt {@code receipt} was asked for (WebSocket: the pong of its
     * ping; TCP: the writes before its marker completed) and runs their callbacks.
     */
    public void confirmReceipt(long receipt) {
        List<Runnable> confirmed = new ArrayList<>();
        synchronized (awaitingReceipt) {
            var upTo = awaitingReceipt.headMap(receipt, true);
            upTo.values().forEach(confirmed::add);
            upTo.clear();
        }
        confirmed.forEach(Connection::runReceived);
    }

    /** Queues a ping frame (keep-alive; the client's pong counts as activity and as an answer). */
    public boolean ping() {
        boolean queued = offer(PING);
        if (queued) {
            unansweredPings.incrementAndGet();
        }
        return queued;
    }

    /**
     * Keep-alive pings sent since the last pong. Requests do not reset it: a client that sends
     * requests but never answers a ping never confirms a push either, and every push to it would be
     * delivered again at each of its logins.
     */
    public int unansweredPings() {
        return unansweredPings.get();
    }

    /**
     * Queues a frame and closes the connection once it is written (logout, kickoff). Returns false if
     * the connection was closing already (or turned out too slow).
     */
    public boolean sendThenClose(byte[] utf8, CloseStatus status) {
        return send(utf8) && closeAfterPending(status);
    }

    /**
     * Closes the connection after the frames queued so far are written. Returns false if a close was
     * already under way (or the queue was full, and the client is closed as too slow instead).
     */
    public boolean closeAfterPending(CloseStatus status) {
        boolean queued;
        synchronized (this) {
            if (closeStatus != null) {
                return false;
            }
            if (writerGone) {
                // the socket is closing anyway
                closeStatus = status;
                return true;
            }
            queued = queue.offer(CLOSE);
            if (queued) {
                closeStatus = status;
                scheduleHardClose();
            }
        }
        if (!queued) {
            tooSlow();
            return false;
        }
        drain();
        return true;
    }

    /** Sends the close frame now, dropping what is still queued. Returns false if a close was under way. */
    public boolean closeNow(CloseStatus status) {
        synchronized (this) {
            if (closeStatus != null) {
                return false;
            }
            closeStatus = status;
            scheduleHardClose();
        }
        stopWriting.tryEmitEmpty();
        wire.close(status).subscribe(null,
                error -> log.debug("connection {}: close frame not sent: {}", id, error.toString()));
        return true;
    }

    private boolean offer(Outbound item) {
        synchronized (this) {
            if (closeStatus != null || writerGone) {
                return false;
            }
            if (!queue.offer(item)) {
                item = null;
            }
        }
        if (item == null) {
            tooSlow();
            return false;
        }
        if (item instanceof Text) {
            metrics.frameOut();
        }
        drain();
        return true;
    }

    private void tooSlow() {
        if (closeNow(TOO_SLOW)) {
            slowLog.info("connection {}: outbound queue full, closing a client that reads too slowly", id);
            metrics.closed(GatewayMetrics.CLOSE_SLOW_CLIENT);
        }
    }

    /** Drops the TCP connection if the close handshake has not ended it within closeTimeout. */
    private void scheduleHardClose() {
        if (channel == null) {
            return;
        }
        Runnable drop = () -> {
            if (channel.isActive()) {
                dropLog.info("connection {}: client did not take its close frame within {}, dropping it",
                        id, closeTimeout);
                metrics.dropped();
                WebSocketProtocolGuard.closeNow(channel);
            }
        };
        try {
            channel.eventLoop().schedule(drop, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            // event loop shutting down: the channel goes with it
            log.debug("connection {}: drop not scheduled: {}", id, rejected.toString());
        }
    }

    /**
     * The frames to write, for {@link WebSocketSession#send}: completes at a queued close (so the
     * close frame follows the frames before it) or at once on {@link #closeNow}.
     */
    Flux<WebSocketMessage> outbound() {
        return items().cast(WebSocketMessage.class);
    }

    /**
     * The items to write, as the connection's {@link Wire} made them: completes at a queued close (so the
     * close follows what was queued before it) or at once on {@link #closeNow}.
     */
    Flux<Object> items() {
        return Flux.<Object>create(sink -> {
                    sink.onRequest(requested -> drain());
                    sink.onDispose(this::writerGone);
                    writer = sink;
                    drain();
                })
                .takeUntilOther(stopWriting.asMono());
    }

    /** The writer completed or was cancelled: what is still queued is never written. */
    private void writerGone() {
        synchronized (this) {
            writerGone = true;
        }
        queue.clear();
    }

    /**
     * Moves queued items to the socket's writer while it asks for them. Runs on whichever thread offers
     * or requests; the work counter lets only one thread in at a time (the others leave their work to
     * it), so this loop is the queue's only consumer and may look ahead to merge pushes.
     */
    private void drain() {
        FluxSink<Object> sink = writer;
        if (sink == null || drainWork.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!closeTaken && sink.requestedFromDownstream() > 0) {
                Outbound item = queue.poll();
                if (item == null) {
                    break;
                }
                if (item instanceof Close) {
                    closeTaken = true;
                    sink.complete();
                } else if (item instanceof Text text) {
                    Text frame = text.mergeable() ? mergeFollowingPushes(text) : text;
                    sink.next(wire.text(frame.utf8()));
                    if (frame.acceptedAt() > 0) {
                        metrics.deliveryLatency(System.currentTimeMillis() - frame.acceptedAt());
                    }
                    if (frame.onReceived() != null) {
                        sink.next(receiptPing(frame.onReceived()));
                    }
                } else {
                    sink.next(wire.keepAlive());
                }
            }
            missed = drainWork.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * Takes the push arrays queued right behind {@code first} into one array while the result stays within
     * {@code maxPushFrameBytes}: {@code [a,b]} and {@code [c]} become {@code [a,b,c]}, byte for byte.
     * Stops at anything that is not a push (a response, a ping, the close), so nothing is reordered.
     */
    private Text mergeFollowingPushes(Text first) {
        int size = first.utf8().length;
        List<Text> parts = null;
        while (queue.peek() instanceof Text next && next.mergeable()
                && size + next.utf8().length - 1 <= maxPushFrameBytes) {
            queue.poll(); // the item just peeked: this loop is the only consumer
            if (parts == null) {
                parts = new ArrayList<>();
                parts.add(first);
            }
            parts.add(next);
            size += next.utf8().length - 1;
        }
        if (parts == null) {
            return first;
        }
        byte[] merged = new byte[size];
        int at = 0;
        List<Runnable> callbacks = new ArrayList<>(parts.size());
        long acceptedAt = 0; // the merged frame's oldest message: one latency per frame written
        for (Text part : parts) {
            if (part.acceptedAt() > 0 && (acceptedAt == 0 || part.acceptedAt() < acceptedAt)) {
                acceptedAt = part.acceptedAt();
            }
            byte[] utf8 = part.utf8();
            // every part but the first loses its '['; every part but the last its ']' (which becomes ',')
            int from = at == 0 ? 0 : 1;
            int length = utf8.length - from;
            System.arraycopy(utf8, from, merged, at, length);
            at += length;
            merged[at - 1] = ',';
            if (part.onReceived() != null) {
                callbacks.add(part.onReceived());
            }
        }
        merged[size - 1] = ']';
        metrics.pushesMerged(parts.size());
        Runnable onReceived = callbacks.isEmpty() ? null
                : callbacks.size() == 1 ? callbacks.get(0) : () -> callbacks.forEach(Connection::runReceived);
        return new Text(merged, onReceived, true, acceptedAt);
    }

    /** One failing receipt callback must not keep the others from running. */
    private static void runReceived(Runnable onReceived) {
        try {
            onReceived.run();
        } catch (RuntimeException e) {
            log.warn("receipt callback failed", e);
        }
    }

    private Object receiptPing(Runnable onReceived) {
        long receipt;
        synchronized (awaitingReceipt) {
            receipt = ++lastReceipt;
            awaitingReceipt.put(receipt, onReceived);
        }
        return wire.receipt(receipt);
    }

    @Override
    public String toString() {
        SessionBinding bound = binding;
        return "Connection[" + id + (bound != null ? ", user " + bound.userId() : "") + "]";
    }
}
