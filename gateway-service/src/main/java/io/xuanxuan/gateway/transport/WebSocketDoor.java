package io.xuanxuan.gateway.transport;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * What differs between the gateway's WebSocket doors (the JSON {@code /ws} and the 2.x clients' encrypted
 * {@code /xxc/ws}), for {@link GatewayWebSocketHandler}, which runs both: who may upgrade, how a data frame becomes
 * an {@link InboundFrame} for the {@link io.xuanxuan.gateway.command.CommandGate}, which {@link Wire} writes the
 * connection's frames, and any keep-alive of its own. Everything else (limits, frame size, login deadline, idle
 * close, pings, receipts, the gate) is shared.
 */
public interface WebSocketDoor {

    /** The JSON door: text frames in, text frames out. */
    WebSocketDoor JSON = session -> new Socket() {
        private final Wire wire = new WebSocketWire(session);

        @Override
        public Wire wire() {
            return wire;
        }

        @Override
        public InboundFrame inbound(Connection connection, WebSocketMessage message) {
            // copy the text out now: the buffer is released when this returns
            return message.getType() == WebSocketMessage.Type.TEXT
                    ? InboundFrame.text(message.getPayloadAsText()) : InboundFrame.binary();
        }
    };

    /**
     * Why this handshake is refused before the upgrade (answered HTTP 401 with a JSON body carrying the sentence),
     * or null to let it through (to the connection limits).
     */
    default String refuseHandshake(ServerHttpRequest request) {
        return null;
    }

    /** The door's side of one upgraded socket. */
    Socket open(WebSocketSession session);

    /** One socket of a door. */
    interface Socket {

        /** The wire its connection writes through. */
        Wire wire();

        /**
         * A data frame (text or binary) as the gate takes it; null if the door dealt with it itself (it closed the
         * connection, for instance).
         */
        InboundFrame inbound(Connection connection, WebSocketMessage message);

        /** A close to send at once instead of serving the socket (its handshake no longer holds), or null. */
        default CloseStatus refusal() {
            return null;
        }

        /** Runs while the socket is open: a keep-alive of the door's own (ends with the socket). */
        default Mono<Void> keepAlive(Connection connection) {
            return Mono.never();
        }
    }
}
