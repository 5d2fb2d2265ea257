package io.xuanxuan.gateway.transport;

import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.model.bus.SessionBinding;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One WebSocket from upgrade to end, for either door ({@link WebSocketDoor}: the JSON {@code /ws}, or the 2.x
 * clients' encrypted {@code /xxc/ws}, whose door decides how a data frame becomes an {@link InboundFrame} and which
 * {@link Wire} writes). These strands run per socket until the first of them ends:
 * <ol>
 *   <li><b>inbound</b>: every frame refreshes last-seen; data frames go, one at a time and in order,
 *       through the {@link CommandGate};</li>
 *   <li><b>outbound</b>: the connection's queued frames, then its close frame;</li>
 *   <li><b>heartbeat</b>: a ping every {@code pingInterval}, the idle close, and the close of a
 *       client that left {@code maxUnansweredPings} pings in a row unanswered;</li>
 *   <li><b>login deadline</b>: a socket not logged in after {@code loginTimeout} is closed;</li>
 *   <li><b>the door's keep-alive</b>, if it has one (the encrypted door's data frame).</li>
 * </ol>
 * When the socket ends, for any reason, the connection is unregistered and, if a user was logged in
 * on it, the presence service is told ({@code connectionClosed}).
 */
public class GatewayWebSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayWebSocketHandler.class);

    /**
     * Frames of one connection taken ahead of the one being processed. One: a client's requests are handled
     * in order anyway, and a larger prefetch gives every idle connection its own array queue (bench/REPORT.md:
     * memory per session).
     */
    static final int INBOUND_PREFETCH = 1;

    private final GatewayProperties properties;
    private final ConnectionRegistry registry;
    private final CommandGate gate;
    private final CommandPublisher publisher;
    private final GatewayMetrics metrics;
    private final WebSocketDoor door;

    /** The JSON door ({@code /ws}). */
    public GatewayWebSocketHandler(GatewayProperties properties, ConnectionRegistry registry, CommandGate gate,
                                   CommandPublisher publisher, GatewayMetrics metrics) {
        this(properties, registry, gate, publisher, metrics, WebSocketDoor.JSON);
    }

    /** A door of its own ({@link WebSocketDoor}: its frames, its wire), with everything else shared. */
    public GatewayWebSocketHandler(GatewayProperties properties, ConnectionRegistry registry, CommandGate gate,
                                   CommandPublisher publisher, GatewayMetrics metrics, WebSocketDoor door) {
        this.door = door;
        this.properties = properties;
        this.registry = registry;
        this.gate = gate;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Why the door refuses this handshake (HTTP 401), or null. */
    public String refuseHandshake(org.springframework.http.server.reactive.ServerHttpRequest request) {
        return door.refuseHandshake(request);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Channel channel = (Channel) session.getAttributes().get(ChannelCapturingUpgradeStrategy.CHANNEL_ATTRIBUTE);
        WebSocketDoor.Socket socket = door.open(session);
        Connection connection = new Connection(registry.nextConnectionId(), socket.wire(), channel,
                properties.outboundBufferFrames(), properties.maxPushFrameBytes(), properties.closeTimeout(), gate.newFloodGuard(), metrics);
        ConnectionLimits.Ticket ticket = session.getAttributes().get(LimitedHandshakeWebSocketService.TICKET_ATTRIBUTE)
                instanceof ConnectionLimits.Ticket t ? t : null;
        if (ticket != null) {
            connection.limitedBy(ticket);
        }
        registry.register(connection);
        if (session.getAttributes().get(ChannelCapturingUpgradeStrategy.GUARD_ATTRIBUTE) instanceof WebSocketProtocolGuard guard) {
            guard.onViolation(status -> protocolViolation(connection, status));
        }
        log.debug("connection {} opened from {}", connection.id(), session.getHandshakeInfo().getRemoteAddress());

        Mono<Void> inbound = session.receive()
                .<InboundFrame>handle((message, sink) -> {
                    connection.touch();
                    if (message.getType() == WebSocketMessage.Type.TEXT
                            || message.getType() == WebSocketMessage.Type.BINARY) {
                        InboundFrame frame = connection.isClosing() ? null : socket.inbound(connection, message);
                        if (frame != null) {
                            sink.next(frame);
                        }
                    } else if (message.getType() == WebSocketMessage.Type.PONG) {
                        connection.pong(message.getPayload().toByteBuffer());
                    }
                })
                .concatMap(frame -> gate.handle(connection, frame), INBOUND_PREFETCH)
                .onErrorResume(error -> {
                    inboundFailed(connection, error);
                    return Mono.empty();
                })
                .then();

        Mono<Void> outbound = session.send(connection.outbound())
                .then(Mono.defer(() -> session.close(connection.closeStatus())))
                .onErrorResume(error -> {
                    log.debug("connection {}: write failed: {}", connection.id(), error.toString());
                    return Mono.empty();
                });

        Duration interval = properties.pingInterval();
        Mono<Void> heartbeat = Flux.interval(interval, interval)
                .doOnNext(tick -> heartbeat(connection))
                .then();

        Mono<Void> loginDeadline = Mono.delay(properties.loginTimeout())
                .doOnNext(tick -> loginDeadline(connection))
                .then(Mono.never());

        if (socket.refusal() != null) {
            connection.closeNow(socket.refusal());
        }
        return Mono.firstWithSignal(inbound, outbound, heartbeat, loginDeadline, socket.keepAlive(connection))
                .doFinally(signal -> {
                    if (ticket != null) {
                        ticket.release();
                    }
                    ended(connection);
                });
    }

    /** A socket that did not log in within loginTimeout holds a place others may need: closed with 1008. */
    private void loginDeadline(Connection connection) {
        if (connection.binding() == null && connection.closeNow(Connection.NO_LOGIN)) {
            log.debug("connection {}: not logged in within {}, closed", connection.id(), properties.loginTimeout());
            metrics.closed(GatewayMetrics.CLOSE_NO_LOGIN);
        }
    }

    private void heartbeat(Connection connection) {
        if (connection.idleFor().compareTo(properties.idleTimeout()) > 0) {
            if (connection.closeNow(Connection.IDLE)) {
                log.debug("connection {}: nothing received for {}, closed", connection.id(), connection.idleFor());
                metrics.closed(GatewayMetrics.CLOSE_IDLE);
            }
        } else if (connection.unansweredPings() >= properties.maxUnansweredPings()) {
            if (connection.closeNow(Connection.PINGS_UNANSWERED)) {
                log.debug("connection {}: {} pings not answered, closed", connection.id(), connection.unansweredPings());
                metrics.closed(GatewayMetrics.CLOSE_PINGS_UNANSWERED);
            }
        } else {
            connection.ping();
        }
    }

    /**
     * The client broke RFC 6455 (see {@link WebSocketProtocolGuard}, which logged it): closed with the
     * status the violation calls for (1002, 1007, 1009).
     */
    private void protocolViolation(Connection connection, WebSocketCloseStatus status) {
        if (status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            closeTooBig(connection);
        } else if (connection.closeNow(new CloseStatus(status.code(), status.reasonText()))) {
            metrics.closed(GatewayMetrics.CLOSE_PROTOCOL_ERROR);
        }
    }

    private void closeTooBig(Connection connection) {
        log.debug("connection {}: frame over {} bytes, closing with 1009", connection.id(), properties.maxFrameBytes());
        if (connection.closeNow(new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
                "Frame too large (max " + properties.maxFrameBytes() + " bytes)"))) {
            metrics.closed(GatewayMetrics.CLOSE_FRAME_TOO_LARGE);
        }
    }

    /**
     * The inbound side failed. A frame over the limit: Netty has already sent 1009 for a single frame;
     * for a fragmented message that grew too large the close is sent here. Anything else: the socket
     * is gone or broke the protocol, and Netty has closed it.
     */
    private void inboundFailed(Connection connection, Throwable error) {
        Throwable cause = rootOf(error);
        boolean tooBig = cause instanceof TooLongFrameException
                || (cause instanceof CorruptedWebSocketFrameException corrupted
                    && corrupted.closeStatus() != null
                    && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        if (tooBig) {
            closeTooBig(connection);
        } else {
            // a protocol violation Netty has answered itself, or a broken socket: nothing to tell the client
            log.debug("connection {}: inbound ended with {}", connection.id(), error.toString());
            connection.closeNow(cause instanceof CorruptedWebSocketFrameException
                    ? CloseStatus.PROTOCOL_ERROR : CloseStatus.SERVER_ERROR);
        }
    }

    private static Throwable rootOf(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof TooLongFrameException) && !(cause instanceof CorruptedWebSocketFrameException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void ended(Connection connection) {
        SessionBinding bound = registry.unregister(connection);
        log.debug("connection {} ended ({})", connection.id(), bound != null ? "user " + bound.userId() : "not logged in");
        if (bound != null) {
            publisher.publishConnectionClosed(connection.id(), bound).subscribe();
        }
    }
}
