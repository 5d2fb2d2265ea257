package io.xuanxuan.model.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.xuanxuan.model.protocol.Request;
import java.util.Objects;

/**
 * What a gateway publishes for a service: a client request, or the news that a connection closed.
 * {@code userId} and {@code account} come from the session the gateway bound to the connection,
 * never from the client; both are null before login.
 *
 * @param v             contract version
 * @param commandId     unique id, the idempotency key of the command
 * @param type          request, or connection closed
 * @param gatewayId     the gateway that holds the connection
 * @param connectionId  globally unique connection id
 * @param userId        the authenticated user, or null
 * @param request       the request as received (null for {@link Type#CONNECTION_CLOSED})
 * @param receivedAt    epoch milliseconds at the gateway
 */
public record Command(int v, String commandId, Type type, String gatewayId, String connectionId, Long userId,
                      Request request, long receivedAt) {

    public static final int VERSION = 1;

    public enum Type { REQUEST, CONNECTION_CLOSED }

    public Command {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(connectionId, "connectionId");
        if (type == Type.REQUEST) {
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

    @JsonIgnore
    public boolean authenticated() {
        return userId != null;
    }
}
