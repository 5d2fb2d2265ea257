package io.xuanxuan.gateway.transport;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicReference;
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
 * channel the gateway can drop such a client after a grace period (see {@link Connection}).
 */
public class ChannelCapturingUpgradeStrategy extends ReactorNettyRequestUpgradeStrategy {

    public static final String CHANNEL_ATTRIBUTE = ChannelCapturingUpgradeStrategy.class.getName() + ".channel";

    public ChannelCapturingUpgradeStrategy(Supplier<WebsocketServerSpec.Builder> specBuilder) {
        super(specBuilder);
    }

    @Override
    public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
                              Supplier<HandshakeInfo> handshakeInfoFactory) {
        Channel channel = channelOf(exchange);
        WebSocketHandler withChannel = channel == null ? handler : session -> {
            session.getAttributes().put(CHANNEL_ATTRIBUTE, channel);
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
