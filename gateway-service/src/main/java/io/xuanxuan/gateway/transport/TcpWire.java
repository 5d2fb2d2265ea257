package io.xuanxuan.gateway.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

/**
 * The legacy TCP door's {@link Wire} (PROTOCOL.md section 1): every JSON value is one line ending in
 * {@code \n}; a receipt is a {@link Receipt} marker that {@link LegacyTcpServer}'s writer confirms once every
 * write before it has completed (there is no pong to wait for: the 1.0 server's own guarantee was the
 * completed socket write); no keep-alive; the close drops the socket (a line protocol has no close frame).
 */
final class TcpWire implements Wire {

    private static final byte[] NEWLINE = {'\n'};

    /** Asks the writer to confirm receipt {@code number} once the writes before it completed. */
    record Receipt(long number) {
    }

    private final Channel channel;

    TcpWire(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Object text(byte[] utf8) {
        // wraps, does not copy: the frame is shared between connections and never modified
        return Unpooled.wrappedBuffer(utf8, NEWLINE);
    }

    @Override
    public Object receipt(long number) {
        return new Receipt(number);
    }

    @Override
    public Object keepAlive() {
        return null; // never asked: the legacy door sends no pings (TCP keepalive and the idle limit instead)
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        return Mono.fromRunnable(channel::close);
    }
}
