package io.xuanxuan.gateway.transport;

import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.HttpAnswer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebSocket handshake, refused before the upgrade when the {@link ConnectionLimits} are reached:
 * HTTP 429 when the client's address holds too many sockets, 503 when too many sockets are open
 * without a login, each with a JSON body that says what to do, {@code Retry-After}, and
 * {@code Connection: close} so the refused socket does not stay open. Refusals are counted
 * ({@code xuanxuan.gateway.connections.refused}) and logged at most once per {@link #LOG_INTERVAL}.
 *
 * <p>An admitted socket carries its {@link ConnectionLimits.Ticket} in the exchange attribute
 * {@link #TICKET_ATTRIBUTE} (copied into the session by {@link ChannelCapturingUpgradeStrategy}); the
 * connection releases it when it ends. If the handshake fails before the handler ran, it is released
 * here.
 */
public class LimitedHandshakeWebSocketService extends HandshakeWebSocketService {

    private static final Logger log = LoggerFactory.getLogger(LimitedHandshakeWebSocketService.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    public static final String TICKET_ATTRIBUTE = LimitedHandshakeWebSocketService.class.getName() + ".ticket";
    /** Set by the upgrade once the handler runs: from then on the connection owns the ticket. */
    static final String STARTED_ATTRIBUTE = LimitedHandshakeWebSocketService.class.getName() + ".started";
    static final int RETRY_AFTER_SECONDS = 10;
    static final String SHUTTING_DOWN_TAG = "shutting_down";
    /** Refused by the door itself (the encrypted door: no valid ticket in the socket URL). */
    static final String UNAUTHORIZED_TAG = "unauthorized";

    private final ConnectionLimits limits;
    private final GatewayMetrics metrics;
    private final RateLimitedLog refusals = new RateLimitedLog(log, LOG_INTERVAL);
    private final BooleanSupplier draining;

    public LimitedHandshakeWebSocketService(RequestUpgradeStrategy upgradeStrategy, ConnectionLimits limits,
                                            GatewayMetrics metrics) {
        this(upgradeStrategy, limits, metrics, () -> false);
    }

    /** @param draining true once the gateway shuts down ({@link ConnectionDrain}): every upgrade is refused */
    public LimitedHandshakeWebSocketService(RequestUpgradeStrategy upgradeStrategy, ConnectionLimits limits,
                                            GatewayMetrics metrics, BooleanSupplier draining) {
        super(upgradeStrategy);
        this.limits = limits;
        this.metrics = metrics;
        this.draining = draining;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        InetAddress address = remote != null ? remote.getAddress() : null;
        if (draining.getAsBoolean()) {
            metrics.connectionRefused(SHUTTING_DOWN_TAG);
            return respond(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                    "This server is shutting down: connect again (another server takes the connection).");
        }
        String doorRefusal = handler instanceof GatewayWebSocketHandler door ? door.refuseHandshake(exchange.getRequest())
                : null;
        if (doorRefusal != null) {
            metrics.connectionRefused(UNAUTHORIZED_TAG);
            refusals.info("connection from {} refused at its door: {}", address, doorRefusal);
            return respond(exchange, HttpStatus.UNAUTHORIZED, doorRefusal, false);
        }
        ConnectionLimits.Admission admission = limits.tryOpen(address);
        if (admission.refusal() != null) {
            return refuse(exchange, admission.refusal(), address);
        }
        ConnectionLimits.Ticket ticket = admission.ticket();
        AtomicBoolean started = new AtomicBoolean();
        exchange.getAttributes().put(TICKET_ATTRIBUTE, ticket);
        exchange.getAttributes().put(STARTED_ATTRIBUTE, started);
        // completes when the handshake is done (the session runs on); releases only if no session started
        return super.handleRequest(exchange, handler).doFinally(signal -> {
            if (!started.get()) {
                ticket.release();
            }
        });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ConnectionLimits.Refusal refusal, InetAddress address) {
        metrics.connectionRefused(refusal.tag());
        String message;
        HttpStatus status;
        if (refusal == ConnectionLimits.Refusal.PER_ADDRESS) {
            status = HttpStatus.TOO_MANY_REQUESTS;
            message = "Too many connections from your address (at most " + limits.maxPerAddress()
                    + "): close one and try again.";
            refusals.info("connection from {} refused: it holds {} connections, the most one address may "
                    + "(xuanxuan.gateway.max-connections-per-address)", address, limits.maxPerAddress());
        } else {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            message = "Too many connections are waiting to log in; try again in " + RETRY_AFTER_SECONDS + " seconds.";
            refusals.info("connection from {} refused: {} connections are open without a login, the most allowed "
                    + "(xuanxuan.gateway.max-unauthenticated-connections)", address, limits.maxUnauthenticated());
        }
        return respond(exchange, status, message);
    }

    private static Mono<Void> respond(ServerWebExchange exchange, HttpStatus status, String message) {
        return respond(exchange, status, message, true);
    }

    /** @param retry whether waiting helps (limits, shutdown): then {@code Retry-After} is sent */
    private static Mono<Void> respond(ServerWebExchange exchange, HttpStatus status, String message, boolean retry) {
        HttpAnswer body = HttpAnswer.fail(message);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (retry) {
            headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        }
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.set(HttpHeaders.CONNECTION, "close");
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(ProtocolJson.writeBytes(body))));
    }
}
