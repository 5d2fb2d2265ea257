package io.xuanxuan.gateway.dialect.xxc;

import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.WebSocketDoor;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The 2.x clients' encrypted WebSocket door ({@link XxcDoor#PATH}). The socket URL {@code /serverInfo} handed out
 * carries the user id and the ticket of the login; the token, the AES key of every frame, is derived from them and
 * the deployment's secret ({@link XxcTokens#tokenFor}), so no gateway stores tokens. A URL without them, with a
 * ticket that is not one of ours or older than {@code ticketMaxAge}, is refused before the upgrade (HTTP 401, a JSON
 * body saying what to do). Any origin may connect, as with xxd: the browser build is often served from elsewhere,
 * and the token, not the origin, is what authenticates.
 */
public final class EncryptedDoor implements WebSocketDoor {

    static final String NO_TICKET = "This socket URL has no user and ticket: log in through /serverInfo and connect "
            + "to the socketUrl it returns.";
    static final String BAD_TICKET = "This socket URL's ticket is not valid or has expired: log in again through "
            + "/serverInfo.";

    private final XxcTokens tokens;
    private final Duration ticketMaxAge;
    private final Duration keepAliveInterval;
    private final Clock clock;
    private final GatewayMetrics metrics;

    public EncryptedDoor(XxcTokens tokens, Duration ticketMaxAge, Duration keepAliveInterval, Clock clock,
                         GatewayMetrics metrics) {
        this.tokens = tokens;
        this.ticketMaxAge = ticketMaxAge;
        this.keepAliveInterval = keepAliveInterval;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public String refuseHandshake(ServerHttpRequest request) {
        String user = request.getQueryParams().getFirst(XxcDoor.USER_PARAM);
        String ticket = request.getQueryParams().getFirst(XxcDoor.TICKET_PARAM);
        if (user == null || user.isBlank() || ticket == null || ticket.isBlank()) {
            return NO_TICKET;
        }
        return token(user, ticket).isPresent() ? null : BAD_TICKET;
    }

    @Override
    public Socket open(WebSocketSession session) {
        URI uri = session.getHandshakeInfo().getUri();
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
        String user = decoded(query.getFirst(XxcDoor.USER_PARAM));
        String ticket = decoded(query.getFirst(XxcDoor.TICKET_PARAM));
        Optional<String> token = user != null && ticket != null ? token(user, ticket) : Optional.empty();
        // checked at the handshake: only a ticket that expired in between ends up refused here
        return token.isPresent()
                ? EncryptedSocket.of(session, token.get(), Long.parseLong(user.trim()), keepAliveInterval, metrics)
                : EncryptedSocket.refused(session, metrics);
    }

    private Optional<String> token(String user, String ticket) {
        long userId;
        try {
            userId = Long.parseLong(user.trim());
        } catch (NumberFormatException notAnId) {
            return Optional.empty();
        }
        return tokens.tokenFor(userId, ticket, clock.instant(), ticketMaxAge);
    }

    private static String decoded(String raw) {
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
