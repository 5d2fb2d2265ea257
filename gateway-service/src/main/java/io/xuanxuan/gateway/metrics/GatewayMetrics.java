package io.xuanxuan.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * The gateway's meters. Without a {@link MeterRegistry} in the context every meter is a no-op.
 *
 * <ul>
 *   <li>{@code xuanxuan.gateway.connections} (gauge): connections open, both doors;
 *       {@code xuanxuan.gateway.connections.tcp} (gauge): of those, on the legacy TCP door (1.0 clients). Every
 *       other meter counts both doors together</li>
 *   <li>{@code xuanxuan.gateway.frames.in}: data frames received (text and binary)</li>
 *   <li>{@code xuanxuan.gateway.commands.published} {@code route}: commands published to a service</li>
 *   <li>{@code xuanxuan.gateway.requests.rejected} {@code reason}: frames answered fail/denied by the gateway
 *       ({@code busy}: refused by the admission control, {@code max-in-flight} commands were in flight)</li>
 *   <li>{@code xuanxuan.gateway.commands.in.flight} (gauge): commands published whose response was not yet
 *       written; {@code xuanxuan.gateway.commands.expired}: of those, given up after {@code in-flight-timeout}
 *       (a response that never came)</li>
 *   <li>{@code xuanxuan.gateway.deliveries} : deliveries read from the bus;
 *       {@code xuanxuan.gateway.frames.out}: text frames queued for connections</li>
 *   <li>{@code xuanxuan.gateway.closes} {@code reason}: connections closed by the gateway
 *       ({@code slow_client}, {@code flood}, {@code idle}, {@code frame_too_large}, {@code protocol_error},
 *       {@code pings_unanswered}, {@code no_login}, {@code requested})</li>
 *   <li>{@code xuanxuan.gateway.connections.refused} {@code reason}: upgrades refused by the connection limits
 *       ({@code per_address}, {@code unauthenticated}); {@code xuanxuan.gateway.connections.unauthenticated}
 *       (gauge): sockets open without a login</li>
 *   <li>{@code xuanxuan.gateway.dropped}: connections whose TCP connection was dropped because the
 *       client did not take its close frame in time</li>
 *   <li>{@code xuanxuan.gateway.pushes.merged} (summary): push frames written together as one frame, per
 *       merged frame</li>
 *   <li>{@code xuanxuan.gateway.sync.requested}: login syncs asked for; {@code xuanxuan.gateway.messages.held}:
 *       live message deliveries held for a connection during its sync; closes {@code sync_overdue} (held too
 *       many or too long), {@code sync_unrequested} (the request could not be published)</li>
 *   <li>{@code xuanxuan.delivery.latency} (timer, histogram): from chat accepting a message (stored, handed
 *       to the gateways) to the gateway writing the live frame with it to a connection's socket; one
 *       sample per frame and connection (a merged frame: its oldest message). Login sync pages are not
 *       counted: they are read from storage at login, not delivered live</li>
 *   <li>{@code xuanxuan.gateway.cursor.batches} {@code outcome} ({@code published}, {@code failed}): cursor
 *       batches; {@code xuanxuan.gateway.cursor.advances} (summary): advances per published batch</li>
 * </ul>
 */
public class GatewayMetrics {

    /** Reasons for {@link #rejected(String)}. */
    public static final String MALFORMED = "malformed";
    public static final String BINARY = "binary";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNKNOWN_METHOD = "unknown_method";
    public static final String NOT_LOGGED_IN = "not_logged_in";
    public static final String WRONG_SID = "wrong_sid";
    public static final String SECOND_LOGIN = "second_login";
    public static final String UNAVAILABLE = "unavailable";
    public static final String BUSY = "busy";

    /** Reasons for {@link #closed(String)}. */
    public static final String CLOSE_SLOW_CLIENT = "slow_client";
    public static final String CLOSE_FLOOD = "flood";
    public static final String CLOSE_IDLE = "idle";
    public static final String CLOSE_SHUTDOWN = "shutdown";
    public static final String CLOSE_FRAME_TOO_LARGE = "frame_too_large";
    public static final String CLOSE_REQUESTED = "requested";
    public static final String CLOSE_PROTOCOL_ERROR = "protocol_error";
    public static final String CLOSE_PINGS_UNANSWERED = "pings_unanswered";
    public static final String CLOSE_NO_LOGIN = "no_login";
    public static final String CLOSE_SYNC_OVERDUE = "sync_overdue";
    public static final String CLOSE_SYNC_UNREQUESTED = "sync_unrequested";

    public static final String DELIVERY_LATENCY = "xuanxuan.delivery.latency";
    /** Bucket bounds of the delivery latency histogram. */
    private static final Duration[] LATENCY_BUCKETS = LongStream
            .of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter deliveries;
    private final Counter dropped;
    private final DistributionSummary pushesMerged;
    private final Counter syncsRequested;
    private final Counter messagesHeld;
    private final Counter cursorBatchesPublished;
    private final Counter cursorBatchesFailed;
    private final DistributionSummary cursorAdvances;
    private final Timer deliveryLatency;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedConnections = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
        this.framesIn = Counter.builder("xuanxuan.gateway.frames.in")
                .description("WebSocket data frames received").register(this.registry);
        this.framesOut = Counter.builder("xuanxuan.gateway.frames.out")
                .description("Frames offered to connections").register(this.registry);
        this.deliveries = Counter.builder("xuanxuan.gateway.deliveries")
                .description("Deliveries read from the bus").register(this.registry);
        this.dropped = Counter.builder("xuanxuan.gateway.dropped")
                .description("Connections dropped because the client did not take its close frame")
                .register(this.registry);
        this.pushesMerged = DistributionSummary.builder("xuanxuan.gateway.pushes.merged")
                .description("Push frames written together as one frame").register(this.registry);
        this.syncsRequested = Counter.builder("xuanxuan.gateway.sync.requested")
                .description("Login syncs asked for").register(this.registry);
        this.messagesHeld = Counter.builder("xuanxuan.gateway.messages.held")
                .description("Live message deliveries held for a connection during its login sync")
                .register(this.registry);
        this.cursorBatchesPublished = Counter.builder("xuanxuan.gateway.cursor.batches").tag("outcome", "published")
                .description("Cursor batches").register(this.registry);
        this.cursorBatchesFailed = Counter.builder("xuanxuan.gateway.cursor.batches").tag("outcome", "failed")
                .description("Cursor batches").register(this.registry);
        this.cursorAdvances = DistributionSummary.builder("xuanxuan.gateway.cursor.advances")
                .description("Cursor advances per published batch").register(this.registry);
        this.deliveryLatency = Timer.builder(DELIVERY_LATENCY)
                .description("Time from chat accepting a message to the gateway writing it to the socket")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(this.registry);
        // at 0 from the start, so rate() and increase() see the first refusal of each reason
        for (String reason : List.of(MALFORMED, BINARY, RATE_LIMITED, UNKNOWN_METHOD, NOT_LOGGED_IN, WRONG_SID,
                SECOND_LOGIN, UNAVAILABLE, BUSY)) {
            rejectedCounter(reason);
        }
    }

    /** @param millis a clock skew between chat's host and this one shows as 0, not negative */
    public void deliveryLatency(long millis) {
        deliveryLatency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void pushesMerged(int parts) {
        pushesMerged.record(parts);
    }

    public void syncRequested() {
        syncsRequested.increment();
    }

    public void messagesHeld() {
        messagesHeld.increment();
    }

    public void cursorBatchPublished(int advances) {
        cursorBatchesPublished.increment();
        cursorAdvances.record(advances);
    }

    public void cursorBatchFailed() {
        cursorBatchesFailed.increment();
    }

    /** Registers the open-connections gauge, read from {@code open} at each scrape. */
    public void connectionsGauge(Supplier<Number> open) {
        Gauge.builder("xuanxuan.gateway.connections", open).description("WebSocket connections open")
                .register(registry);
    }

    /** Registers the gauge of connections open on the legacy TCP door. */
    public void tcpConnectionsGauge(Supplier<Number> open) {
        Gauge.builder("xuanxuan.gateway.connections.tcp", open)
                .description("Connections open on the legacy TCP door (1.0 clients)").register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void delivery() {
        deliveries.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public void published(String route) {
        published.computeIfAbsent(route, r -> Counter.builder("xuanxuan.gateway.commands.published")
                .description("Commands published to a service").tag("route", r).register(registry)).increment();
    }

    public void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    private Counter rejectedCounter(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("xuanxuan.gateway.requests.rejected")
                .description("Frames answered fail or denied by the gateway").tag("reason", r).register(registry));
    }

    public void closed(String reason) {
        closes.computeIfAbsent(reason, r -> Counter.builder("xuanxuan.gateway.closes")
                .description("Connections closed by the gateway").tag("reason", r).register(registry)).increment();
    }

    public void connectionRefused(String reason) {
        refusedConnections.computeIfAbsent(reason, r -> Counter.builder("xuanxuan.gateway.connections.refused")
                .description("WebSocket upgrades refused by the connection limits").tag("reason", r).register(registry))
                .increment();
    }

    /** Registers the in-flight commands gauge and the counter of those given up (read at each scrape). */
    public void inFlightMeters(Supplier<Number> inFlight, Supplier<Number> expired) {
        Gauge.builder("xuanxuan.gateway.commands.in.flight", inFlight)
                .description("Commands published whose response was not yet written").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("xuanxuan.gateway.commands.expired", expired,
                        value -> value.get().doubleValue())
                .description("In-flight commands given up after in-flight-timeout (no response came)")
                .register(registry);
    }

    /** Registers the gauge of sockets open without a login, read from {@code count} at each scrape. */
    public void unauthenticatedGauge(Supplier<Number> count) {
        Gauge.builder("xuanxuan.gateway.connections.unauthenticated", count)
                .description("WebSocket connections open without a login").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
