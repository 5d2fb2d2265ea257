package io.xuanxuan.gateway.transport;

import io.xuanxuan.model.bus.SessionBinding;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

/**
 * What differs between the gateway's two doors, seen from a {@link Connection}: how a queued item becomes
 * something the socket writes, and how a client's receipt is asked for. Everything else (the bounded queue,
 * ordering, merging of pushes, closing after what is queued, the command gate) is the connection's, shared.
 *
 * <ul>
 *   <li>WebSocket ({@link WebSocketWire}): a text frame per item; a receipt is a ping carrying its number,
 *       confirmed by the client's pong ({@link Connection#pong}); keep-alive pings; a close frame.</li>
 *   <li>Legacy TCP ({@link TcpWire}): a line per item; a receipt is a marker the TCP writer confirms once
 *       the writes before it completed ({@link Connection#confirmReceipt}), the 1.0 server's own guarantee;
 *       no keep-alive (TCP keepalive and the idle limit find dead peers); the close is the socket's.</li>
 * </ul>
 */
public interface Wire {

    /** The item that carries one JSON value (UTF-8), shared between connections and never modified. */
    Object text(byte[] utf8);

    /** The item that asks for receipt {@code number} once the socket carried everything before it. */
    Object receipt(long number);

    /** A keep-alive item; only asked for by a transport that sends them ({@link Connection#ping}). */
    Object keepAlive();

    /** Closes at once, with {@code status} where the transport can say it (WebSocket close frame). */
    Mono<Void> close(CloseStatus status);

    /**
     * Why this connection may not carry {@code session} (a login just succeeded), or null if it may. The 2.x door's
     * socket URL names its user: a login as anyone else is closed with the returned status, and its response is
     * not written.
     */
    default CloseStatus refuseBinding(SessionBinding session) {
        return null;
    }
}
