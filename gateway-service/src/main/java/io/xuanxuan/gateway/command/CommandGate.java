package io.xuanxuan.gateway.command;

import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.gateway.transport.InboundFrame;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.RequestParser;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.model.protocol.RetryAfter;
import io.xuanxuan.model.protocol.RouteCheck;
import io.xuanxuan.model.protocol.ServiceName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

/**
 * What happens to one inbound frame, in this order:
 * <ol>
 *   <li>rate: every data frame costs a token, a request that asks for more work more tokens
 *       ({@link RequestCost}: messages sent, history rows asked for); over the rate the client gets {@code fail}, and after
 *       {@code floodCloseAfter} refusals within the window it is closed with 1008;</li>
 *   <li>shape: {@link RequestParser} (a binary frame, or a frame that is not a request, gets
 *       {@code fail} with the reason);</li>
 *   <li>a request its door answers itself ({@link InboundFrame#doorAnswer}, e.g. the 2.x clients'
 *       {@code extensions}) gets that answer once the session check below holds;</li>
 *   <li>route: {@link Methods#owner}; an unknown module or method gets {@code fail};</li>
 *   <li>session: every request but {@code chat/login} must carry the sid bound to this connection,
 *       else {@code denied}, and nothing is published; {@code chat/login} is refused ({@code fail})
 *       on a connection that has a session or a login in flight;</li>
 *   <li>{@code ping} is answered here; anything else is published as a command for its service
 *       (and answered by that service through a delivery). A publish that fails gets {@code fail}.</li>
 *   <li>admission: a command is published only if it gets one of the gateway's in-flight slots
 *       ({@link InFlightCommands}); when {@code max-in-flight} are taken it gets {@code fail} "The server is
 *       busy: try again in N seconds" at once, logins included (a login storm is overload too). The close
 *       notice of a connection is not a request and never waits for a slot.</li>
 * </ol>
 * Responses written here echo module/method as the client spelled them.
 */
public class CommandGate {

    private static final Logger log = LoggerFactory.getLogger(CommandGate.class);
    /** A client decides how many floods there are: one line per interval, with the count of the rest. */
    private static final RateLimitedLog floodLog = new RateLimitedLog(log, java.time.Duration.ofSeconds(10));

    public static final String TOO_MANY_REQUESTS = "Too many requests: slow down and try again in a moment.";
    public static final String SEND_TEXT = "Send JSON text frames.";
    public static final String LOG_IN_FIRST = "Log in first.";
    public static final String SID_REQUIRED = "Field 'sid' is required: send the sid your login returned.";
    public static final String WRONG_SID = "This sid does not belong to this connection.";
    public static final String UNAVAILABLE = "Service unavailable, try again.";
    public static final String ALREADY_LOGGED_IN = "This connection is logged in already: log out first, "
            + "or open a new connection to log in as another user.";
    public static final String LOGIN_UNDER_WAY = "A login is already under way on this connection: wait for "
            + "its answer, or open a new connection to log in as another user.";
    public static final CloseStatus FLOOD = CloseStatus.POLICY_VIOLATION.withReason("Too many requests");

    private static final String LOGIN = Methods.route(Methods.LOGIN);
    private static final String PING = Methods.route(Methods.PING);

    /** The methods the gateway answers itself; {@link Methods} gives it {@code ping} only. */
    private static final List<LocalMethod> LOCAL_METHODS = List.of(
            new LocalMethod(PING, request -> Response.success(request, null)));

    private final Map<String, LocalMethod> localMethods;
    private final GatewayProperties properties;
    private final CommandPublisher publisher;
    private final InFlightCommands inFlight;
    private final GatewayMetrics metrics;
    private final long retryAfterSeconds;
    private final String busy;

    public CommandGate(GatewayProperties properties, CommandPublisher publisher, InFlightCommands inFlight,
                       GatewayMetrics metrics) {
        // a method Methods gives the gateway without its answer here stops the start-up, named
        this.localMethods = RouteCheck.check(ServiceName.GATEWAY, LOCAL_METHODS, LocalMethod::route,
                LocalMethod::route);
        this.properties = properties;
        this.publisher = publisher;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.retryAfterSeconds = retryAfterSeconds(properties.busyRetryAfter());
        this.busy = busyMessage(retryAfterSeconds);
    }

    /** The busy refusal's retry hint in whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(java.time.Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** What a refused client (and the person behind it) is told: the server is busy, and when to try again. */
    public static String busyMessage(long seconds) {
        return "The server is busy: try again in " + seconds + (seconds == 1 ? " second." : " seconds.");
    }

    /** A fresh request budget for a new connection. */
    public FloodGuard newFloodGuard() {
        return new FloodGuard(properties.requestsPerSecond(), properties.burst(),
                properties.floodCloseAfter(), properties.floodWindow().toNanos(), System.nanoTime());
    }

    /** Handles one frame; completes when the frame is answered or its command accepted by the bus. */
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        if (connection.isClosing()) {
            return Mono.empty();
        }
        metrics.frameIn();
        RequestParser.Parsed parsed = frame.isText() ? RequestParser.parse(frame.text()) : null;

        // charged at arrival, not now: lines read in one packet wait their turn here, and must not earn tokens
        // while they wait (a flood handled slowly would never be refused)
        long now = frame.arrivedNanos();
        int cost = parsed != null && parsed.ok()
                ? RequestCost.of(parsed.request(), properties.historyRowsPerToken(), properties.burst()) : 1;
        if (!connection.floodGuard().tryAcquire(now, cost)) {
            metrics.rejected(GatewayMetrics.RATE_LIMITED);
            reply(connection, parsed != null ? parsed.module() : null, parsed != null ? parsed.method() : null,
                    Result.FAIL, TOO_MANY_REQUESTS);
            if (connection.floodGuard().refusedTooOften(now) && connection.closeAfterPending(FLOOD)) {
                floodLog.info("connection {}: request flood, closing", connection.id());
                metrics.closed(GatewayMetrics.CLOSE_FLOOD);
            }
            return Mono.empty();
        }
        if (parsed == null) {
            metrics.rejected(GatewayMetrics.BINARY);
            reply(connection, null, null, Result.FAIL, SEND_TEXT);
            return Mono.empty();
        }
        if (!parsed.ok()) {
            metrics.rejected(GatewayMetrics.MALFORMED);
            reply(connection, parsed.module(), parsed.method(), Result.FAIL, parsed.error());
            return Mono.empty();
        }

        Request request = parsed.request();
        if (frame.doorAnswer() != null) {
            return answerForDoor(connection, request, frame.doorAnswer());
        }
        Optional<ServiceName> owner = Methods.owner(request.route());
        if (owner.isEmpty()) {
            metrics.rejected(GatewayMetrics.UNKNOWN_METHOD);
            String message = Methods.isKnownModule(request.module())
                    ? "Unknown method '" + request.method() + "' in module '" + request.module() + "'."
                    : "Unknown module '" + request.module() + "'.";
            write(connection, Response.fail(request, message));
            return Mono.empty();
        }

        boolean login = LOGIN.equals(request.route());
        if (login) {
            // one session per connection for its whole life: a second login would leave the first
            // user's session (pushes, online status) attached to a socket another user now holds
            if (!connection.startLogin()) {
                metrics.rejected(GatewayMetrics.SECOND_LOGIN);
                write(connection, Response.fail(request,
                        connection.binding() != null ? ALREADY_LOGGED_IN : LOGIN_UNDER_WAY));
                return Mono.empty();
            }
        } else {
            String refusal = sessionRefusal(connection.binding(), request.sid());
            if (refusal != null) {
                metrics.rejected(refusal.equals(WRONG_SID) ? GatewayMetrics.WRONG_SID : GatewayMetrics.NOT_LOGGED_IN);
                write(connection, Response.denied(request, refusal));
                return Mono.empty();
            }
        }

        if (owner.get() == ServiceName.GATEWAY) {
            write(connection, answerLocally(request));
            return Mono.empty();
        }

        InFlightCommands.Slot slot = inFlight.tryAcquire(connection.id(), request.route(), System.nanoTime());
        if (slot == null) {
            if (login) {
                connection.loginAnswered();
            }
            metrics.rejected(GatewayMetrics.BUSY);
            write(connection, busy(request, login));
            return Mono.empty();
        }
        if (connection.isEnded()) {
            // ended while the slot was taken: the end may have freed this connection's slots before
            inFlight.connectionEnded(connection.id());
        }
        return publisher.publishRequest(connection, request, owner.get(), frame.receivedAt())
                .onErrorResume(error -> {
                    inFlight.cancel(slot);
                    if (login) {
                        connection.loginAnswered();
                    }
                    log.warn("connection {}: could not publish {}: {}", connection.id(), request.route(),
                            error.toString());
                    metrics.rejected(GatewayMetrics.UNAVAILABLE);
                    write(connection, Response.fail(request, UNAVAILABLE));
                    return Mono.empty();
                });
    }

    /**
     * A request its door answers itself (a method of the door's dialect no service has): it passed rate and shape;
     * it must still come from a logged-in connection with its sid, like any other request but the login.
     */
    private Mono<Void> answerForDoor(Connection connection, Request request, Response answer) {
        if (!LOGIN.equals(request.route())) {
            String refusal = sessionRefusal(connection.binding(), request.sid());
            if (refusal != null) {
                metrics.rejected(refusal.equals(WRONG_SID) ? GatewayMetrics.WRONG_SID : GatewayMetrics.NOT_LOGGED_IN);
                write(connection, Response.denied(request, refusal));
                return Mono.empty();
            }
        }
        write(connection, answer);
        return Mono.empty();
    }

    /**
     * The busy refusal: {@code fail} with the retry hint in the message, and in {@code data} for a program:
     * {@code {"retryAfter": seconds}}, or, for {@code login}, the message again (login failures carry their
     * reason in {@code data}, where the 1.0 client reads it: PROTOCOL.md section 2).
     */
    private Response busy(Request request, boolean login) {
        Response refused = Response.fail(request, busy);
        return refused.withData(login ? ProtocolJson.nodes().textNode(busy)
                : ProtocolJson.toTree(new RetryAfter(retryAfterSeconds)));
    }

    /** Why a request may not run on this connection, or null if it may. */
    private static String sessionRefusal(SessionBinding bound, String sid) {
        if (sid == null) {
            return bound == null ? LOG_IN_FIRST : SID_REQUIRED;
        }
        if (bound == null || !sameSid(bound.sid(), sid)) {
            return WRONG_SID;
        }
        return null;
    }

    private static boolean sameSid(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** A method the gateway answers without a service. */
    private record LocalMethod(String route, Function<Request, Response> answer) {
    }

    private Response answerLocally(Request request) {
        LocalMethod method = localMethods.get(request.route());
        return method != null ? method.answer().apply(request)
                : Response.fail(request, "Method '" + request.method() + "' is not available.");
    }

    private static void reply(Connection connection, String module, String method, Result result, String message) {
        write(connection, new Response(module, method, result, null, message, null, null));
    }

    private static void write(Connection connection, Response response) {
        connection.send(ProtocolJson.writeBytes(response));
    }
}
