package io.xuanxuan.gateway.transport;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The Reactor Netty upgrade, plus one thing Spring's session does not expose: the Netty channel, put
 * in the session's attributes under {@link #CHANNEL_ATTRIBUTE}.
 *
 * <p>Why: closing a WebSocket writes a close frame and waits for it to be written. A client that
 * stopped reading never lets that write finish, so the socket would stay open for good; with the
 * channel the gateway can drop such a client after a grace period (see {@link Connection}), and set up
 * what the spec does not offer: strict frame checks and a close without TCP reset
 * ({@link WebSocketProtocolGuard}).
 */
public class ChannelCapturingUpgradeStrategy extends ReactorNettyRequestUpgradeStrategy {

    public static final String CHANNEL_ATTRIBUTE = ChannelCapturingUpgradeStrategy.class.getName() + ".channel";
    /** The {@link WebSocketProtocolGuard} of the session's channel, if it could be installed. */
    public static final String GUARD_ATTRIBUTE = ChannelCapturingUpgradeStrategy.class.getName() + ".guard";

    private final int maxFrameBytes;
    private final Duration linger;

    /**
     * @param maxFrameBytes the largest frame payload (also given to the spec: the strict decoder that
     *                      replaces Reactor Netty's must keep it)
     * @param linger        how long a closed socket is read from (and discarded) before it is dropped
     */
    public ChannelCapturingUpgradeStrategy(int maxFrameBytes, Duration linger) {
        super(() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes).compress(false));
        this.maxFrameBytes = maxFrameBytes;
        this.linger = linger;
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
                              Supplier<HandshakeInfo> handshakeInfoFactory) {
        Channel channel = channelOf(exchange);
        Object ticket = exchange.getAttribute(LimitedHandshakeWebSocketService.TICKET_ATTRIBUTE);
        AtomicBoolean started = exchange.getAttribute(LimitedHandshakeWebSocketService.STARTED_ATTRIBUTE);
        WebSocketHandler withChannel = session -> {
            if (ticket != null && started != null) {
                // the connection owns its ticket from here on, and releases it when it ends
                session.getAttributes().put(LimitedHandshakeWebSocketService.TICKET_ATTRIBUTE, ticket);
                started.set(true);
            }
            if (channel != null) {
                session.getAttributes().put(CHANNEL_ATTRIBUTE, channel);
                WebSocketProtocolGuard guard = WebSocketProtocolGuard.install(channel, maxFrameBytes, linger);
                if (guard != null) {
                    session.getAttributes().put(GUARD_ATTRIBUTE, guard);
                }
            }
            return handler.handle(session);
        };
        return super.upgrade(exchange, withChannel, subProtocol, handshakeInfoFactory);
    }

    private static @Nullable Channel channelOf(ServerWebExchange exchange) {
        try {
            HttpServerRequest request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
            AtomicReference<Channel> channel = new AtomicReference<>();
            request.withConnection(connection -> channel.set(connection.channel()));
            return channel.get();
        } catch (RuntimeException notReactorNetty) {
            return null;
        }
    }
}
