package io.xuanxuan.gateway.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the WebSocket gateway, under {@code xuanxuan.gateway}.
 *
 * <p>Every limit here protects the process from one client: a frame is bounded
 * ({@link #maxFrameBytes}), what waits to be written to a client is bounded
 * ({@link #outboundBufferFrames}), and what a client may send is bounded
 * ({@link #requestsPerSecond}, {@link #burst}, {@link #floodCloseAfter}).
 */
@ConfigurationProperties("xuanxuan.gateway")
public class GatewayProperties {

    /**
     * This gateway's id: prefix of its connection ids and name of its own consumer group on the
     * deliveries topic. Default: a random 8-hex-digit id per process, so that two gateways never share one.
     */
    private String id = randomId();

    /** Path of the WebSocket endpoint. */
    private String path = "/ws";

    /** Largest WebSocket frame (and message, after aggregation of fragments) accepted; larger closes with 1009. */
    private int maxFrameBytes = 65536;

    /** Frames that may wait for a slow client; one more and the client is closed with 1008 "too slow". */
    private int outboundBufferFrames = 1024;

    /** How often a ping frame is sent to each connection. */
    private Duration pingInterval = Duration.ofSeconds(30);

    /** A connection from which nothing (not even a pong) arrived for this long is closed with 1001. */
    private Duration idleTimeout = Duration.ofSeconds(120);

    /**
     * Keep-alive pings in a row a client may leave unanswered; at the next ping time it is closed with
     * 1001 "Pings not answered", even if it sends requests (its pong is the receipt of what was pushed
     * to it). With the default interval: about 2 minutes.
     */
    private int maxUnansweredPings = 3;

    /**
     * Sockets one remote address may hold; one more is refused with HTTP 429 before the upgrade. 0: no
     * limit. Behind a reverse proxy every client has the proxy's address: raise it or set 0 there, and
     * let the proxy limit per client.
     */
    private int maxConnectionsPerAddress = 1000;

    /**
     * Sockets that may be open without a login (being upgraded or waiting for their login answer); one
     * more is refused with HTTP 503 before the upgrade. 0: no limit.
     */
    private int maxUnauthenticatedConnections = 5000;

    /** A socket not logged in this long after its upgrade is closed with 1008. */
    private Duration loginTimeout = Duration.ofSeconds(60);

    /** Sustained requests per second a connection may send (token bucket refill rate). */
    private int requestsPerSecond = 50;

    /**
     * Requests a connection may send at once above the sustained rate (token bucket size). A request
     * costs one token, a {@code message} request one per message, a {@code history} request one per
     * {@link #historyRowsPerToken} rows (at most the whole bucket).
     */
    private int burst = 200;

    /** History rows (recPerPage) that cost one token of the request budget; the default page (20) costs 1. */
    private int historyRowsPerToken = 20;

    /** Requests refused for rate within {@link #floodWindow} after which the connection is closed with 1008. */
    private int floodCloseAfter = 200;

    /** The window in which rate-limit rejections are counted towards {@link #floodCloseAfter}. */
    private Duration floodWindow = Duration.ofSeconds(10);

    /**
     * Commands this gateway may have in flight (published for a service, response not yet written to the
     * client); a request beyond it is refused at once with {@code fail} "The server is busy: try again in
     * ..." (admission control, README "Overload"). Little's law: in flight = completion rate x waiting time,
     * so the bound caps what an admitted request waits at {@code max-in-flight / rate}. 500 keeps a service
     * that completes 1,000 commands a second (the standalone server's measured 1:1 capacity) busy with half a
     * second of work queued, and makes an admitted request wait at most 2 s at 250/s (the distributed
     * target), where without a bound the wait grew to tens of seconds. Counted per gateway: N gateways admit
     * N times as much.
     */
    private int maxInFlight = 500;

    /**
     * A command whose response has not come this long after its publish no longer counts as in flight (a
     * response that never comes must not shrink the gateway's capacity for ever). Far above any normal
     * answer time (milliseconds) and above {@link #publishTimeout}, so an answer that is merely slow is not
     * given up on while the bound could be exceeded by it.
     */
    private Duration inFlightTimeout = Duration.ofSeconds(30);

    /** The wait a refused ("busy") request is told to take before it tries again (whole seconds, at least 1). */
    private Duration busyRetryAfter = Duration.ofSeconds(1);

    /** How long a command publish may take before the client is answered "Service unavailable". */
    private Duration publishTimeout = Duration.ofSeconds(10);

    /**
     * How long a close may wait for the frames before it (and the close frame) to be written; after
     * that the TCP connection is dropped. Only a client that stopped reading ever hits this.
     */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /**
     * At shutdown, the open sockets are closed (1001, the client reconnects to another gateway) one by one
     * over this period rather than at once, so thousands of clients do not all reconnect in the same
     * instant. Zero closes them all at once.
     */
    private Duration drainPeriod = Duration.ofSeconds(10);

    /**
     * How often the gateway announces itself on the bus. Presence takes the users of a gateway it has not
     * heard from for {@code xuanxuan.presence.gateway-timeout} (several intervals) offline.
     */
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /**
     * Largest frame the gateway builds by merging push arrays that wait for one connection: when a
     * client reads slower than pushes arrive, consecutive waiting push frames {@code [a,b]} {@code [c]}
     * are written as one {@code [a,b,c]} up to this size (a single larger push is written alone).
     * Responses, the kickoff notice and pings are never merged.
     */
    private int maxPushFrameBytes = 65536;

    /** The login sync of a connection (DESIGN.md section 4), under {@code xuanxuan.gateway.sync}. */
    private final Sync sync = new Sync();

    /** Cursor advances from the clients' receipts, under {@code xuanxuan.gateway.cursor}. */
    private final Cursor cursor = new Cursor();

    /** How live message pushes are held while a connection runs its login sync. */
    public static class Sync {

        /**
         * Live message deliveries held for one connection while its login sync runs; one more and the
         * connection is closed (1013, the client reconnects and syncs from its cursor). Default (unset
         * or 0): {@code outbound-buffer-frames}.
         */
        private int maxHeld;

        /**
         * How long after its login a connection may take to finish its sync; after that it is closed
         * (1013), so no connection holds live pushes for ever (e.g. when chat-service is down).
         */
        private Duration timeout = Duration.ofSeconds(60);

        public int getMaxHeld() {
            return maxHeld;
        }

        public void setMaxHeld(int maxHeld) {
            this.maxHeld = maxHeld;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** How the receipts of message pushes are coalesced into cursor batches. */
    public static class Cursor {

        /** Pending cursor advances are published at least this often. */
        private Duration flushInterval = Duration.ofSeconds(1);

        /** Pending (user, chat) advances that trigger a batch at once; also the largest batch. */
        private int batchSize = 5000;

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    static String randomId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Checks that the settings make sense; called once when the gateway starts. */
    public void validate() {
        require(id != null && id.matches("[A-Za-z0-9_.]{1,64}"),
                "id must be 1-64 letters, digits, '_' or '.' (it prefixes connection ids): " + id);
        require(path != null && path.startsWith("/"), "path must start with '/': " + path);
        require(maxFrameBytes >= 1024, "max-frame-bytes must be at least 1024");
        require(outboundBufferFrames >= 1, "outbound-buffer-frames must be at least 1");
        require(isPositive(pingInterval), "ping-interval must be positive");
        require(isPositive(idleTimeout), "idle-timeout must be positive");
        require(maxUnansweredPings >= 1, "max-unanswered-pings must be at least 1");
        require(maxConnectionsPerAddress >= 0, "max-connections-per-address must be 0 (no limit) or more");
        require(maxUnauthenticatedConnections >= 0, "max-unauthenticated-connections must be 0 (no limit) or more");
        require(isPositive(loginTimeout), "login-timeout must be positive");
        require(requestsPerSecond >= 1, "requests-per-second must be at least 1");
        require(burst >= 1, "burst must be at least 1");
        require(historyRowsPerToken >= 1, "history-rows-per-token must be at least 1");
        require(floodCloseAfter >= 1, "flood-close-after must be at least 1");
        require(isPositive(floodWindow), "flood-window must be positive");
        require(isPositive(publishTimeout), "publish-timeout must be positive");
        require(maxInFlight >= 1, "max-in-flight must be at least 1");
        require(isPositive(inFlightTimeout), "in-flight-timeout must be positive");
        require(isPositive(busyRetryAfter), "busy-retry-after must be positive");
        require(isPositive(heartbeatInterval), "heartbeat-interval must be positive");
        require(isPositive(closeTimeout), "close-timeout must be positive");
        require(drainPeriod != null && !drainPeriod.isNegative(), "drain-period must be 0 or more");
        require(maxPushFrameBytes >= 1024, "max-push-frame-bytes must be at least 1024");
        require(sync.maxHeld >= 0, "sync.max-held must be 0 (outbound-buffer-frames) or more");
        require(isPositive(sync.timeout), "sync.timeout must be positive");
        require(isPositive(cursor.flushInterval), "cursor.flush-interval must be positive");
        require(cursor.batchSize >= 1, "cursor.batch-size must be at least 1");
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("xuanxuan.gateway: " + message);
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public int getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public int getOutboundBufferFrames() {
        return outboundBufferFrames;
    }

    public void setOutboundBufferFrames(int outboundBufferFrames) {
        this.outboundBufferFrames = outboundBufferFrames;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public int getMaxUnansweredPings() {
        return maxUnansweredPings;
    }

    public void setMaxUnansweredPings(int maxUnansweredPings) {
        this.maxUnansweredPings = maxUnansweredPings;
    }

    public int getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    public int getMaxUnauthenticatedConnections() {
        return maxUnauthenticatedConnections;
    }

    public void setMaxUnauthenticatedConnections(int maxUnauthenticatedConnections) {
        this.maxUnauthenticatedConnections = maxUnauthenticatedConnections;
    }

    public Duration getLoginTimeout() {
        return loginTimeout;
    }

    public void setLoginTimeout(Duration loginTimeout) {
        this.loginTimeout = loginTimeout;
    }

    public int getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(int requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    public int getBurst() {
        return burst;
    }

    public void setBurst(int burst) {
        this.burst = burst;
    }

    public int getHistoryRowsPerToken() {
        return historyRowsPerToken;
    }

    public void setHistoryRowsPerToken(int historyRowsPerToken) {
        this.historyRowsPerToken = historyRowsPerToken;
    }

    public int getFloodCloseAfter() {
        return floodCloseAfter;
    }

    public void setFloodCloseAfter(int floodCloseAfter) {
        this.floodCloseAfter = floodCloseAfter;
    }

    public Duration getFloodWindow() {
        return floodWindow;
    }

    public void setFloodWindow(Duration floodWindow) {
        this.floodWindow = floodWindow;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Duration getInFlightTimeout() {
        return inFlightTimeout;
    }

    public void setInFlightTimeout(Duration inFlightTimeout) {
        this.inFlightTimeout = inFlightTimeout;
    }

    public Duration getBusyRetryAfter() {
        return busyRetryAfter;
    }

    public void setBusyRetryAfter(Duration busyRetryAfter) {
        this.busyRetryAfter = busyRetryAfter;
    }

    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Duration getDrainPeriod() {
        return drainPeriod;
    }

    public void setDrainPeriod(Duration drainPeriod) {
        this.drainPeriod = drainPeriod;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public int getMaxPushFrameBytes() {
        return maxPushFrameBytes;
    }

    public void setMaxPushFrameBytes(int maxPushFrameBytes) {
        this.maxPushFrameBytes = maxPushFrameBytes;
    }

    public Sync getSync() {
        return sync;
    }

    /** {@code sync.max-held}, or {@code outbound-buffer-frames} when it is not set. */
    public int effectiveMaxHeld() {
        return sync.maxHeld > 0 ? sync.maxHeld : outboundBufferFrames;
    }

    public Cursor getCursor() {
        return cursor;
    }
}
