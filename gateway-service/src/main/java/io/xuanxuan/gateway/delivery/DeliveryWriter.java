package io.xuanxuan.gateway.delivery;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
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
 * <p>Subscribes before the web server starts accepting sockets and unsubscribes after it stopped.
 */
public class DeliveryWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);
    private static final String LOGIN = Methods.route(Methods.LOGIN);

    /** Before the web server (which starts at {@code DEFAULT_PHASE - 2048}), so no response is missed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final MessageBus bus;
    private final String group;
    private final ConnectionRegistry registry;
    private final CommandPublisher publisher;
    private final GatewayMetrics metrics;
    private final AtomicLong pushIds = new AtomicLong();

    private volatile BusSubscription subscription;

    public DeliveryWriter(MessageBus bus, GatewayProperties properties, ConnectionRegistry registry,
                          CommandPublisher publisher, GatewayMetrics metrics) {
        this.bus = bus;
        this.group = "gateway-" + properties.getId();
        this.registry = registry;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (subscription == null) {
            subscription = bus.subscribe(Topics.DELIVERIES, group, Delivery.class, this::handle);
            log.info("gateway reading {} as group {}", Topics.DELIVERIES, group);
        }
    }

    @Override
    public synchronized void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
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
        byte[] frame = ProtocolJson.writeBytes(numbered(delivery.frame()));
        for (Connection connection : targets) {
            if (delivery.close()) {
                if (connection.sendThenClose(frame, CloseStatus.NORMAL)) {
                    metrics.closed(GatewayMetrics.CLOSE_REQUESTED);
                }
            } else if (delivery.acknowledge()) {
                connection.send(frame, () -> acknowledge(connection, delivery));
            } else {
                connection.send(frame);
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
        publisher.publishAck(session.userId(), connection.id(), ids).subscribe();
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
