package io.xuanxuan.model.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.xuanxuan.model.protocol.Request;
import java.util.Objects;

/**
 * What a gateway publishes for a service: a client request, or the news that a connection closed; or what a
 * service hands itself: a notice of another internal system to store ({@link Type#BROADCAST}).
 * {@code userId} and {@code account} come from the session the gateway bound to the connection,
 * never from the client; both are null before login.
 *
 * @param v             contract version
 * @param commandId     unique id, the idempotency key of the command
 * @param type          request, connection closed, or internal broadcast
 * @param gatewayId     the gateway that holds the connection
 * @param connectionId  globally unique connection id
 * @param userId        the authenticated user, or null
 * @param request       the request as received, or the broadcast to store (null for
 *                      {@link Type#CONNECTION_CLOSED})
 * @param receivedAt    epoch milliseconds at the gateway
 */
public record Command(int v, String commandId, Type type, String gatewayId, String connectionId, Long userId,
                      Request request, long receivedAt) {

    public static final int VERSION = 1;

    /** The gateway and connection of an internal command: none (a response to it reaches nobody). */
    public static final String INTERNAL_SOURCE = "internal.broadcast";

    /**
     * {@link #REQUEST}: a client's request, from a gateway. {@link #CONNECTION_CLOSED}: a gateway's news.
     * {@link #BROADCAST}: a notice of another internal system, handed by the service to its own command stream
     * to be stored in order with the chat's messages; never from a client (a gateway only makes requests).
     */
    public enum Type { REQUEST, CONNECTION_CLOSED, BROADCAST }

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(connectionId, "connectionId");
        if (type != Type.CONNECTION_CLOSED) {
            Objects.requireNonNull(request, "request");
        }
    }

    public static Command request(String commandId, String gatewayId, String connectionId, Long userId,
                                  Request request, long receivedAt) {
        return new Command(VERSION, commandId, Type.REQUEST, gatewayId, connectionId, userId, request, receivedAt);
    }

    public static Command connectionClosed(String commandId, String gatewayId, String connectionId, long userId,
                                           long receivedAt) {
        return new Command(VERSION, commandId, Type.CONNECTION_CLOSED, gatewayId, connectionId, userId, null,
                receivedAt);
    }

    /** An internal broadcast: the request names the handler and carries the notice; no user, no connection. */
    public static Command broadcast(String commandId, Request request, long receivedAt) {
        return new Command(VERSION, commandId, Type.BROADCAST, INTERNAL_SOURCE, INTERNAL_SOURCE, null, request,
                receivedAt);
    }

    @JsonIgnore
    public boolean authenticated() {
        return userId != null;
    }
}
