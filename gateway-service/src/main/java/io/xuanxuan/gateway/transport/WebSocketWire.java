package io.xuanxuan.gateway.transport;

import java.nio.ByteBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The WebSocket door's {@link Wire}: text frames, receipts as pings carrying their number (a client's pong
 * echoes the ping's data, RFC 6455, which it can only do after reading everything before the ping), empty
 * keep-alive pings, close frames.
 */
public final class WebSocketWire implements Wire {

    private static final byte[] PING_PAYLOAD = new byte[0];

    private final WebSocketSession session;

    public WebSocketWire(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public Object text(byte[] utf8) {
        return new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(utf8));
    }

    @Override
    public Object receipt(long number) {
        return session.pingMessage(factory -> factory.wrap(ByteBuffer.allocate(Long.BYTES).putLong(0, number).array()));
    }

    @Override
    public Object keepAlive() {
        return session.pingMessage(factory -> factory.wrap(PING_PAYLOAD));
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        return session.close(status);
    }
}
