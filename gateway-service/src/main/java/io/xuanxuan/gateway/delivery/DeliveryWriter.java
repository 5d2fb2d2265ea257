package io.xuanxuan.gateway.delivery;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.command.InFlightCommands;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes the services' deliveries to the connections this gateway holds.
 *
 * <p>Every gateway reads every delivery (its own consumer group {@code gateway-<id>}) and writes it to
 * the targets it holds: one connection, every connection of some users, or every logged-in connection
 * but one user's. A target held by another gateway is simply not here.
 *
 * <p>For one delivery: the session is bound first (a login response, so the client's next request
 * with that sid is accepted), the frame is serialized once, live push packets are numbered, and the
 * frame is queued on each target in delivery order; {@code close} closes the connection after it;
 * {@code acknowledge} (queued offline pushes) reports the written packet ids back to the offline service.
 *
 * <p>Chat messages (deliveries with {@link MessageMark}s, DESIGN.md section 4) go through the
 * connection's {@link ConnectionMessages}: filtered by the seqs the connection was written, held while
 * its login sync runs, and sent with a receipt whose confirmation advances the user's cursor
 * ({@link CursorBatcher}). Writing a connection's {@code syncStart} push ({@code getList}) asks for its
 * sync ({@link SyncRequest}); a connection whose sync cannot be asked for, holds too many live deliveries
 * or does not end in {@code sync.timeout} is closed (1013): it reconnects and syncs from its cursor.
 *
 * <p>Subscribes before the web server starts accepting sockets and unsubscribes after it stopped.
 */
public class DeliveryWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);
    private static final String LOGIN = Methods.route(Methods.LOGIN);

    /** Before the web server (which starts at {@code DEFAULT_PHASE - 2048}), so no response is missed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** A sync that could not be asked for, or held too much or too long: the client should come back. */
    public static final CloseStatus SYNC_OVERDUE = CloseStatus.SERVICE_OVERLOAD.withReason("Login sync overdue");
    public static final CloseStatus SYNC_UNAVAILABLE = CloseStatus.SERVICE_OVERLOAD.withReason("Login sync unavailable");
    private static final RateLimitedLog syncLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    private final MessageBus bus;
    private final String group;
    private final ConnectionRegistry registry;
    private final CommandPublisher publisher;
    private final InFlightCommands inFlight;
    private final GatewayMetrics metrics;
    private final AtomicLong pushIds = new AtomicLong();
    private final CursorBatcher cursors;
    private final int maxHeld;
    private final Duration syncTimeout;
    /** The message state of bound connections, from their bind until they end. */
    private final Map<Connection, ConnectionMessages> messages = new ConcurrentHashMap<>();
    /** Those whose sync has not ended (checked against the timeout). */
    private final Set<ConnectionMessages> syncing = ConcurrentHashMap.newKeySet();
    private final ConnectionMessages.Sink sink = new ConnectionMessages.Sink() {
        @Override
        public void write(Connection connection, byte[] frame, Map<String, Long> lastSeqs, long acceptedAt) {
            connection.push(frame, receipt(connection, lastSeqs), acceptedAt);
        }

        @Override
        public void overflow(Connection connection, int held) {
            closeSyncOverdue(connection, held + " live deliveries held");
        }
    };

    private volatile BusSubscription subscription;
    private volatile Disposable syncSweep;

    public DeliveryWriter(MessageBus bus, GatewayProperties properties, ConnectionRegistry registry,
                          CommandPublisher publisher, InFlightCommands inFlight, CursorBatcher cursors,
                          GatewayMetrics metrics) {
        this.bus = bus;
        this.inFlight = inFlight;
        this.group = "gateway-" + properties.id();
        this.registry = registry;
        this.publisher = publisher;
        this.cursors = cursors;
        this.metrics = metrics;
        this.maxHeld = properties.effectiveMaxHeld();
        this.syncTimeout = properties.sync().timeout();
        registry.onEnded(this::ended);
    }

    @Override
    public synchronized void start() {
        if (subscription == null) {
            subscription = bus.subscribe(Topics.DELIVERIES, group, Delivery.class, this::handle);
            log.info("gateway reading {} as group {}", Topics.DELIVERIES, group);
            Duration every = sweepInterval(syncTimeout);
            syncSweep = Flux.interval(every, every).subscribe(tick -> closeOverdueSyncs());
        }
    }

    @Override
    public synchronized void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            syncSweep.dispose();
        }
    }

    /** A quarter of the timeout, between 10 ms and a second: a sync is closed at most that late. */
    static Duration sweepInterval(Duration timeout) {
        long millis = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        return Duration.ofMillis(millis);
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public String group() {
        return group;
    }

    /** The bus handler: writing never waits (full queues close slow clients), so this is synchronous. */
    public Mono<Void> handle(Delivery delivery) {
        return Mono.fromRunnable(() -> write(delivery));
    }

    void write(Delivery delivery) {
        metrics.delivery();
        List<Connection> targets = targets(delivery.target());
        if (targets.isEmpty()) {
            return;
        }
        if (delivery.bind() != null && !bind(delivery, targets)) {
            return;
        }
        if (delivery.bind() == null && isLoginAnswer(delivery)) {
            // a refused login: the connection may try again
            targets.forEach(Connection::loginAnswered);
        }
        Object numbered = numbered(delivery.frame());
        if (!delivery.close() && (delivery.marks() != null || delivery.syncEnd())) {
            @SuppressWarnings("unchecked")
            List<PushPacket> packets = (List<PushPacket>) numbered;
            writeMessages(delivery, PreparedPush.of(packets, delivery.marks()), targets);
            return;
        }
        byte[] frame = ProtocolJson.writeBytes(numbered);
        for (Connection connection : targets) {
            if (delivery.close()) {
                if (connection.sendThenClose(frame, CloseStatus.NORMAL)) {
                    metrics.closed(GatewayMetrics.CLOSE_REQUESTED);
                }
            } else if (delivery.acknowledge()) {
                connection.push(frame, () -> acknowledge(connection, delivery));
            } else if (delivery.packets() != null) {
                connection.push(frame, null);
            } else {
                connection.send(frame);
            }
            if (delivery.syncStart()) {
                requestSync(connection);
            }
        }
        if (delivery.response() != null) {
            answered(targets.get(0), delivery.response());
        }
    }

    /** A response was queued on its connection: its command no longer counts as in flight. */
    private void answered(Connection connection, Response response) {
        if (response.module() != null && response.method() != null) {
            inFlight.answered(connection.id(), Request.routeOf(response.module(), response.method()));
        }
    }

    /**
     * Message packets (live or a sync page) and sync ends: through each connection's filter and hold.
     * Live ones (to users) are held while a connection syncs; those to one connection are written at once.
     */
    private void writeMessages(Delivery delivery, PreparedPush push, List<Connection> targets) {
        boolean live = !delivery.target().isConnection();
        for (Connection connection : targets) {
            ConnectionMessages state = stateOf(connection);
            if (state == null) {
                // not bound (a message addressed to a connection before its login): nothing to filter
                if (push.frame() != null) {
                    connection.push(push.frame(), null);
                }
                continue;
            }
            switch (state.offer(push, live, delivery.syncEnd(), sink)) {
                case SYNC_ENDED -> syncing.remove(state);
                case HELD -> metrics.messagesHeld();
                default -> { }
            }
        }
    }

    /** The state of a bound connection (created at its first use after the bind), or null if not bound. */
    private ConnectionMessages stateOf(Connection connection) {
        if (connection.binding() == null) {
            return null;
        }
        ConnectionMessages state = messages.get(connection);
        if (state != null) {
            return state;
        }
        ConnectionMessages created = new ConnectionMessages(connection, maxHeld);
        state = messages.putIfAbsent(connection, created);
        if (state != null) {
            return state;
        }
        syncing.add(created);
        if (registry.get(connection.id()).orElse(null) != connection) {
            // it ended while this was created: the end listener may have run before the put
            ended(connection);
        }
        return created;
    }

    /**
     * The receipt of a frame with messages: once the client confirmed reading it, the user's cursor of each
     * chat advances to the frame's last seq of it.
     */
    private Runnable receipt(Connection connection, Map<String, Long> lastSeqs) {
        SessionBinding session = connection.binding();
        if (session == null || lastSeqs.isEmpty()) {
            return null;
        }
        long userId = session.userId();
        if (lastSeqs.size() == 1) {
            Map.Entry<String, Long> only = lastSeqs.entrySet().iterator().next();
            String cgid = only.getKey();
            long seq = only.getValue();
            return () -> cursors.record(userId, cgid, seq);
        }
        return () -> lastSeqs.forEach((cgid, seq) -> cursors.record(userId, cgid, seq));
    }

    /**
     * The connection's getList was queued: ask for its login sync. The connection was bound before, so a
     * message stored after the sync's read reaches it live. If the request cannot be published the
     * connection is closed: it would hold its live messages until the timeout for nothing.
     */
    private void requestSync(Connection connection) {
        SessionBinding session = connection.binding();
        if (session == null) {
            return;
        }
        stateOf(connection); // holding starts at the bind at the latest
        publisher.publishSyncRequest(session.userId(), connection.id())
                .subscribe(null, error -> {
                    syncLog.info("connection {}: login sync request not published, closing it: {}",
                            connection.id(), error.toString());
                    if (connection.closeNow(SYNC_UNAVAILABLE)) {
                        metrics.closed(GatewayMetrics.CLOSE_SYNC_UNREQUESTED);
                    }
                }, metrics::syncRequested);
    }

    /** Closes connections whose sync did not end within the timeout. */
    void closeOverdueSyncs() {
        for (ConnectionMessages state : syncing) {
            if (!state.isSyncing()) {
                syncing.remove(state);
            } else if (state.boundFor().compareTo(syncTimeout) > 0) {
                syncing.remove(state);
                state.abandon();
                closeSyncOverdue(state.connection(), "not ended within " + syncTimeout);
            }
        }
    }

    private void closeSyncOverdue(Connection connection, String why) {
        if (connection.closeNow(SYNC_OVERDUE)) {
            syncLog.info("connection {}: login sync {}, closing it (the client reconnects and syncs again)",
                    connection.id(), why);
            metrics.closed(GatewayMetrics.CLOSE_SYNC_OVERDUE);
        }
    }

    /**
     * A connection ended: forget its state, and publish its user's cursors now so a quick re-login sees
     * them (only that user's: flushing everything at every close sent the chat service a full batch per
     * closing connection, more than it could apply under a 1,000-member group).
     */
    private void ended(Connection connection) {
        ConnectionMessages state = messages.remove(connection);
        SessionBinding session = connection.binding();
        if (state != null) {
            syncing.remove(state);
            state.abandon();
            if (session != null) {
                cursors.flushUser(session.userId());
            }
        }
    }

    private List<Connection> targets(DeliveryTarget target) {
        if (target.connectionId() != null) {
            return registry.get(target.connectionId()).map(List::of).orElse(List.of());
        }
        if (target.userIds() != null) {
            List<Connection> connections = new ArrayList<>();
            for (Long userId : target.userIds()) {
                if (userId != null) {
                    connections.addAll(registry.ofUser(userId));
                }
            }
            return connections;
        }
        return registry.boundExcept(target.allExceptUserId());
    }

    private static boolean isLoginAnswer(Delivery delivery) {
        Response response = delivery.response();
        return response != null && response.module() != null && response.method() != null
                && LOGIN.equals(Request.routeOf(response.module(), response.method()));
    }

    /** Binds a login's session before its response is written; false if the connection is gone. */
    private boolean bind(Delivery delivery, List<Connection> targets) {
        SessionBinding session = delivery.bind();
        if (!delivery.target().isConnection()) {
            log.warn("delivery {} binds a session but is not addressed to a connection; binding ignored",
                    delivery.deliveryId());
            return true;
        }
        Connection connection = targets.get(0);
        if (registry.bind(connection, session)) {
            return true;
        }
        // the socket ended before its login answer arrived: the session presence just opened is
        // already over
        publisher.publishConnectionClosed(connection.id(), session).subscribe();
        return false;
    }

    /** Tells the offline service that the client read its queued pushes, so it can forget them. */
    private void acknowledge(Connection connection, Delivery delivery) {
        SessionBinding session = connection.binding();
        if (session == null) {
            return;
        }
        List<Long> ids = delivery.packets().stream().map(PushPacket::id).filter(java.util.Objects::nonNull).toList();
        if (!ids.isEmpty()) {
            publisher.publishAck(session.userId(), connection.id(), ids).subscribe();
        }
    }

    /** Push packets without an id (live pushes) get one from this gateway's sequence. */
    private Object numbered(Object frame) {
        if (frame instanceof Collection<?> packets) {
            List<PushPacket> numbered = new ArrayList<>(packets.size());
            for (Object item : packets) {
                PushPacket packet = (PushPacket) item;
                numbered.add(packet.id() == null ? packet.withId(pushIds.incrementAndGet()) : packet);
            }
            return numbered;
        }
        return frame;
    }
}
