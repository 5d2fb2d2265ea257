package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * One WebSocket connection to the server, as a benchmark needs it.
 *
 * <ul>
 *   <li>Outbound frames go through a bounded queue: {@link #send} returns false instead of buffering
 *       without end when the socket does not keep up.</li>
 *   <li>Every received frame is parsed once, on the Netty event loop, and handed to the {@link Listener}
 *       together with the {@link System#nanoTime()} at which it arrived (before parsing).</li>
 *   <li>{@link #request} is for the set-up phase (login, create): it waits for the next response with
 *       the same method; responses nobody waits for go to the listener.</li>
 *   <li>Server pings are answered by Reactor Netty with a pong echoing the ping's payload (its default,
 *       {@code handlePing=false}); the server uses those pongs as receipts for queued pushes.</li>
 * </ul>
 */
public final class BenchClient {

    /** What a scenario wants to hear about. Called on Netty event loop threads: must not block. */
    public interface Listener {
        /** A response (object with {@code result}) nobody waits for through {@link #request}. */
        default void onResponse(BenchClient client, JsonNode response, long receivedNanos) {
        }

        /** One packet of a push frame (the frame is an array of packets). */
        default void onPush(BenchClient client, JsonNode packet, long receivedNanos) {
        }
    }

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final int index;
    private final String account;
    private final Sinks.Many<String> outbound;
    private final Map<String, Queue<CompletableFuture<JsonNode>>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> loginPushes = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong unparseable = new AtomicLong();
    private final AtomicLong sendRefused = new AtomicLong();
    private volatile Disposable connection;
    private volatile Listener listener = new Listener() { };
    private volatile boolean closing;
    private volatile int closeStatus = -1;
    private volatile String closeReason;
    private volatile boolean kickedOff;
    private volatile String sid;
    private volatile long userId;

    private BenchClient(int index, String account, int outboundFrames) {
        this.index = index;
        this.account = account;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(outboundFrames));
    }

    /** A WebSocket client without connection pooling (each socket is its own TCP connection). */
    public static HttpClient httpClient() {
        return HttpClient.newConnection();
    }

    /** Opens the socket; the future completes once the WebSocket handshake is done. */
    public static CompletableFuture<BenchClient> connect(HttpClient http, URI uri, int index, String account,
                                                         int outboundFrames) {
        BenchClient client = new BenchClient(index, account, outboundFrames);
        client.connection = http
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri(uri)
                .handle((in, out) -> {
                    client.connected.complete(client);
                    in.receiveCloseStatus().subscribe(status -> {
                        client.closeStatus = status.code();
                        client.closeReason = status.reasonText();
                    });
                    Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receiveFrames()
                            .doOnNext(frame -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    client.received(text.text(), System.nanoTime());
                                }
                            })
                            .then();
                    Mono<Void> writing = out.sendString(client.outbound.asFlux()).then()
                            .then(Mono.defer(() -> out.sendClose(1000, "bye")));
                    return Mono.when(reading, writing);
                })
                .doFinally(signal -> client.markClosed())
                .subscribe(ignored -> { }, error -> {
                    client.connected.completeExceptionally(error);
                    client.markClosed();
                });
        return client.connected;
    }

    private void markClosed() {
        closedFuture.complete(null);
        loginPushes.completeExceptionally(new IllegalStateException(account + ": connection closed"));
        waiting.values().forEach(queue -> {
            CompletableFuture<JsonNode> next;
            while ((next = queue.poll()) != null) {
                next.completeExceptionally(new IllegalStateException(account + ": connection closed"));
            }
        });
    }

    private void received(String text, long nanos) {
        framesIn.incrementAndGet();
        JsonNode frame;
        try {
            frame = ProtocolJson.mapper().readTree(text);
        } catch (Exception e) {
            unparseable.incrementAndGet();
            return;
        }
        if (frame.isArray()) {
            for (JsonNode packet : frame) {
                if ("getlist".equalsIgnoreCase(packet.path("method").asText())) {
                    loginPushes.complete(null);
                }
                listener.onPush(this, packet, nanos);
            }
            return;
        }
        if (frame.isObject() && frame.has("result")) {
            String method = frame.path("method").asText().toLowerCase(Locale.ROOT);
            Queue<CompletableFuture<JsonNode>> queue = waiting.get(method);
            CompletableFuture<JsonNode> waiter = queue == null ? null : queue.poll();
            if (waiter != null) {
                waiter.complete(frame);
            } else {
                listener.onResponse(this, frame, nanos);
            }
            return;
        }
        if ("kickoff".equalsIgnoreCase(frame.path("method").asText())) {
            kickedOff = true;
        }
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Queues one text frame. False when the outbound queue is full (the socket does not keep up) or the
     * connection is gone; nothing is buffered beyond the queue's bound.
     */
    public synchronized boolean send(String text) {
        if (closing) {
            return false;
        }
        boolean ok = outbound.tryEmitNext(text).isSuccess();
        if (!ok) {
            sendRefused.incrementAndGet();
        }
        return ok;
    }

    /** Sends a request (with the sid once logged in) and completes with the next response of its method. */
    public CompletableFuture<JsonNode> request(String method, JsonNode params) {
        ObjectNode request = ProtocolJson.nodes().objectNode().put("module", "chat").put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        if (sid != null) {
            request.put("sid", sid);
        }
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        waiting.computeIfAbsent(method.toLowerCase(Locale.ROOT), m -> new ConcurrentLinkedQueue<>()).add(response);
        if (!send(ProtocolJson.write(request))) {
            response.completeExceptionally(new IllegalStateException(account + ": cannot send " + method));
        }
        return response;
    }

    /**
     * Logs in ({@code [account, md5(password), "online"]}) and completes once the login pushes up to
     * {@code getList} have arrived, i.e. the server treats this connection as live for pushes.
     */
    public CompletableFuture<BenchClient> login(String password) {
        var params = ProtocolJson.nodes().arrayNode().add(account).add(md5(password)).add("online");
        return request("login", params).thenCompose(response -> {
            if (!"success".equals(response.path("result").asText())) {
                throw new IllegalStateException("login of " + account + " failed: " + response);
            }
            sid = response.path("sid").asText();
            userId = response.path("data").path("id").asLong();
            return loginPushes.thenApply(ignored -> this);
        });
    }

    /** Completes the outbound stream (a close frame follows what is queued) and, later, drops the socket. */
    public void startClose() {
        synchronized (this) {
            closing = true;
        }
        outbound.tryEmitComplete();
    }

    public void dispose() {
        Disposable c = connection;
        if (c != null) {
            c.dispose();
        }
    }

    /** Closes every client: close frames first, then waits (bounded) for the sockets to end, then drops them. */
    public static void closeAll(List<BenchClient> clients, Duration wait) {
        clients.forEach(BenchClient::startClose);
        try {
            CompletableFuture.allOf(clients.stream().map(c -> c.closedFuture).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // some did not close in time: dropped below
        }
        clients.forEach(BenchClient::dispose);
    }

    public static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int index() {
        return index;
    }

    public String account() {
        return account;
    }

    public String sid() {
        return sid;
    }

    public long userId() {
        return userId;
    }

    /** Requests sent whose response has not arrived (maintained by the scenario). */
    public AtomicInteger outstanding() {
        return outstanding;
    }

    public long framesIn() {
        return framesIn.get();
    }

    public long unparseable() {
        return unparseable.get();
    }

    public long sendRefused() {
        return sendRefused.get();
    }

    public boolean isClosed() {
        return closedFuture.isDone();
    }

    /** True when the socket ended while the benchmark had not asked for it. */
    public boolean closedUnexpectedly() {
        return closedFuture.isDone() && !closing;
    }

    public int closeStatus() {
        return closeStatus;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean kickedOff() {
        return kickedOff;
    }

    @Override
    public String toString() {
        return "BenchClient[" + account + (userId != 0 ? " #" + userId : "") + "]";
    }
}
