package io.xuanxuan.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the WebSocket gateway, under {@code xuanxuan.gateway}; checked when they are bound (a value
 * out of range stops the start-up with the property's name and what it must be).
 *
 * <p>Every limit here protects the process from one client: a frame is bounded
 * ({@code maxFrameBytes}), what waits to be written to a client is bounded
 * ({@code outboundBufferFrames}), and what a client may send is bounded
 * ({@code requestsPerSecond}, {@code burst}, {@code floodCloseAfter}).
 *
 * @param id (default: a random 8-hex-digit id per process, so that two gateways never share one)
 */
@Validated
@ConfigurationProperties("xuanxuan.gateway")
public record GatewayProperties(
        /**
         * This gateway's id: prefix of its connection ids and name of its own consumer group on the
         * deliveries topic. Default: a random 8-hex-digit id per process, so that two gateways never share one.
         */
        @Pattern(regexp = "[A-Za-z0-9_.]{1,64}", message = "must be 1-64 letters, digits, '_' or '.' (it prefixes connection ids)") String id,

        /** Path of the WebSocket endpoint. */
        @DefaultValue("/ws") @Pattern(regexp = "/.*", message = "must start with '/'") String path,

        /** Largest WebSocket frame (and message, after aggregation of fragments) accepted; larger closes with 1009. */
        @DefaultValue("65536") @Min(1024) int maxFrameBytes,

        /** Frames that may wait for a slow client; one more and the client is closed with 1008 "too slow". */
        @DefaultValue("1024") @Min(1) int outboundBufferFrames,

        /** How often a ping frame is sent to each connection. */
        @DefaultValue("30s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration pingInterval,

        /** A connection from which nothing (not even a pong) arrived for this long is closed with 1001. */
        @DefaultValue("120s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration idleTimeout,

        /**
         * Keep-alive pings in a row a client may leave unanswered; at the next ping time it is closed with
         * 1001 "Pings not answered", even if it sends requests (its pong is the receipt of what was pushed
         * to it). With the default interval: about 2 minutes.
         */
        @DefaultValue("3") @Min(1) int maxUnansweredPings,

        /**
         * Sockets one remote address may hold; one more is refused with HTTP 429 before the upgrade. 0: no
         * limit. Behind a reverse proxy every client has the proxy's address: raise it or set 0 there, and
         * let the proxy limit per client.
         */
        @DefaultValue("1000") @Min(0) int maxConnectionsPerAddress,

        /**
         * Sockets that may be open without a login (being upgraded or waiting for their login answer); one
         * more is refused with HTTP 503 before the upgrade. 0: no limit.
         */
        @DefaultValue("5000") @Min(0) int maxUnauthenticatedConnections,

        /** A socket not logged in this long after its upgrade is closed with 1008. */
        @DefaultValue("60s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration loginTimeout,

        /** Sustained requests per second a connection may send (token bucket refill rate). */
        @DefaultValue("50") @Min(1) int requestsPerSecond,

        /**
         * Requests a connection may send at once above the sustained rate (token bucket size). A request
         * costs one token, a {@code message} request one per message, a {@code history} request one per
         * {@code historyRowsPerToken} rows (at most the whole bucket).
         */
        @DefaultValue("200") @Min(1) int burst,

        /** History rows (recPerPage) that cost one token of the request budget; the default page (20) costs 1. */
        @DefaultValue("20") @Min(1) int historyRowsPerToken,

        /** Requests refused for rate within {@code floodWindow} after which the connection is closed with 1008. */
        @DefaultValue("200") @Min(1) int floodCloseAfter,

        /** The window in which rate-limit rejections are counted towards {@code floodCloseAfter}. */
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration floodWindow,

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
        @DefaultValue("500") @Min(1) int maxInFlight,

        /**
         * A command whose response has not come this long after its publish no longer counts as in flight (a
         * response that never comes must not shrink the gateway's capacity for ever). Far above any normal
         * answer time (milliseconds) and above {@code publishTimeout}, so an answer that is merely slow is not
         * given up on while the bound could be exceeded by it.
         */
        @DefaultValue("30s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration inFlightTimeout,

        /** The wait a refused ("busy") request is told to take before it tries again (whole seconds, at least 1). */
        @DefaultValue("1s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration busyRetryAfter,

        /** How long a command publish may take before the client is answered "Service unavailable". */
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration publishTimeout,

        /**
         * How long a close may wait for the frames before it (and the close frame) to be written; after
         * that the TCP connection is dropped. Only a client that stopped reading ever hits this.
         */
        @DefaultValue("5s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration closeTimeout,

        /**
         * At shutdown, the open sockets are closed (1001, the client reconnects to another gateway) one by one
         * over this period rather than at once, so thousands of clients do not all reconnect in the same
         * instant. Zero closes them all at once.
         */
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more") Duration drainPeriod,

        /**
         * How often the gateway announces itself on the bus. Presence takes the users of a gateway it has not
         * heard from for {@code xuanxuan.presence.gateway-timeout} (several intervals) offline.
         */
        @DefaultValue("5s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration heartbeatInterval,

        /**
         * Largest frame the gateway builds by merging push arrays that wait for one connection: when a
         * client reads slower than pushes arrive, consecutive waiting push frames {@code [a,b]} {@code [c]}
         * are written as one {@code [a,b,c]} up to this size (a single larger push is written alone).
         * Responses, the kickoff notice and pings are never merged.
         */
        @DefaultValue("65536") @Min(1024) int maxPushFrameBytes,

        /** The login sync of a connection (DESIGN.md section 4), under {@code xuanxuan.gateway.sync}. */
        @DefaultValue @Valid Sync sync,

        /** Cursor advances from the clients' receipts, under {@code xuanxuan.gateway.cursor}. */
        @DefaultValue @Valid Cursor cursor,

        /** The legacy TCP door of the 1.0 desktop client, under {@code xuanxuan.gateway.tcp}. */
        @DefaultValue @Valid Tcp tcp) {

    public GatewayProperties {
        id = id != null ? id : randomId();
    }

    /**
     * How live message pushes are held while a connection runs its login sync (DESIGN.md section 4),
     * under {@code xuanxuan.gateway.sync}.
     *
     * @param maxHeld live message deliveries held for one connection while its login sync runs; one more and
     *                the connection is closed (1013, the client reconnects and syncs from its cursor). Default
     *                (unset or 0): {@code outbound-buffer-frames}
     * @param timeout how long after its login a connection may take to finish its sync; after that it is
     *                closed (1013), so no connection holds live pushes for ever (e.g. when chat-service is down)
     */
    public record Sync(@DefaultValue("0") @Min(0) int maxHeld,
                       @DefaultValue("60s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration timeout) {
    }

    /**
     * How the receipts of message pushes are coalesced into cursor batches, under
     * {@code xuanxuan.gateway.cursor}.
     *
     * @param flushInterval pending cursor advances are published at least this often
     * @param batchSize     pending (user, chat) advances that trigger a batch at once; also the largest batch
     */
    public record Cursor(@DefaultValue("1s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration flushInterval,
                         @DefaultValue("5000") @Min(1) int batchSize) {
    }

    /**
     * The legacy TCP listener (PROTOCOL.md sections 1 and 10): newline-delimited JSON, for the real 1.0 desktop
     * client, through the same command gate as the WebSocket path. Lines are limited by {@code max-frame-bytes}.
     *
     * @param enabled     whether the gateway listens for TCP at all. Off by default: a second public port is an
     *                    operator's decision (firewall, load balancer, a plain-text protocol without TLS); turn it
     *                    on for 1.0 clients
     * @param port        its port (0: any free port, for tests)
     * @param address     the address it binds; empty: the HTTP server's ({@code server.address}), else all interfaces
     * @param idleTimeout a TCP connection from which nothing arrived for this long is closed. There are no server
     *                    pings on this transport (the 1.0 client knows none): the 1.0 client sends {@code ping}
     *                    after 5 to 10 minutes of silence, so the limit is above 10 minutes; dead peers are also
     *                    found by TCP keepalive (on for every accepted socket)
     * @param receiptDelay how long a push must have been written with the socket still open before it counts as
     *                    read (there is no pong on this door). A client that closes or resets within it (its unread
     *                    bytes are lost with its socket) gets those pushes again at its next login; 0: read once
     *                    written, the 1.0 server's own rule
     */
    public record Tcp(@DefaultValue("false") boolean enabled,
                      @DefaultValue("11444") @Min(0) @jakarta.validation.constraints.Max(65535) int port,
                      String address,
                      @DefaultValue("12m") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration idleTimeout,
                      @DefaultValue("3s") @NotNull @DurationMin(nanos = 0, message = "must not be negative") Duration receiptDelay) {

        public Tcp {
            address = address == null ? "" : address.trim();
        }
    }

    /** {@code sync.max-held}, or {@code outbound-buffer-frames} when it is not set. */
    public int effectiveMaxHeld() {
        return sync.maxHeld() > 0 ? sync.maxHeld() : outboundBufferFrames;
    }

    static String randomId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
