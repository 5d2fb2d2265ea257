package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 *   <li>Received frames are counted (frames, bytes) on the Netty event loop. Responses (objects) are parsed
 *       and handed to the {@link Listener} together with the {@link System#nanoTime()} at which they
 *       arrived (before parsing). Push frames (arrays) are only pre-checked: a frame may carry several
 *       packets of different methods, so every {@code "method":"} key in it is found (a byte search, no
 *       parse) and its value compared, case-insensitively, with {@code getList} (marks the login as live,
 *       not parsed) and {@code message} (the frame is parsed, each packet to the listener); a frame with
 *       neither ({@code userGetlist}, {@code login} of other users, ...) is counted and dropped unparsed.
 *       With N users online every login sends O(N) bytes to the new connection and a packet to each of
 *       the N others, so a login storm would otherwise be spent parsing presence. (Inside a JSON string a
 *       quote is escaped, so message content cannot fake the key; a nested {@code "method"} key in some
 *       push's data could only cause a needless parse.)</li>
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
    private static final ByteBuf METHOD_KEY = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "\"method\":\"", StandardCharsets.US_ASCII));
    private static final byte[] GET_LIST = "getlist\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message\"".getBytes(StandardCharsets.US_ASCII);
    /** {@link #pushMethods} flags. */
    static final int GET_LIST_PUSH = 1;
    static final int MESSAGE_PUSH = 2;

    /** Why a connect+login did not complete; {@link #kind} is a short word for counting. */
    public static final class LoginFailure extends IllegalStateException {
        private final String kind;

        LoginFailure(String kind, String message) {
            super(message);
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }

        /** The kind of any failure of a connect+login future: login, closed, timeout, connect or error. */
        public static String kindOf(Throwable error) {
            Throwable e = error;
            while (e != null) {
                if (e instanceof LoginFailure f) {
                    return f.kind;
                }
                if (e instanceof java.util.concurrent.TimeoutException) {
                    return "timeout";
                }
                if (e instanceof java.net.ConnectException || e instanceof java.io.IOException
                        || e.getClass().getName().contains("WebSocketClientHandshakeException")) {
                    return "connect";
                }
                e = e.getCause();
            }
            return "error";
        }
    }

    private final int index;
    private final String account;
    private final Sinks.Many<String> outbound;
    private final Map<String, Queue<CompletableFuture<JsonNode>>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> loginPushes = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final long connectStartNanos = System.nanoTime();
    /** Written only on the connection's event loop: plain increments are enough. */
    private volatile long framesIn;
    private volatile long bytesIn;
    private volatile long liveNanos;
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
        // a linked queue: bounded, but not allocated up front (thousands of idle sessions)
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new LinkedBlockingQueue<>(outboundFrames));
    }

    /** A WebSocket client without connection pooling (each socket is its own TCP connection). */
    public static HttpClient httpClient() {
        return HttpClient.newConnection();
    }

    /** Opens the socket; the future completes once the WebSocket handshake is done. */
    public static CompletableFuture<BenchClient> connect(HttpClient http, URI uri, int index, String account,
                                                         int outboundFrames) {
        return open(http, uri, index, account, outboundFrames).connected;
    }

    /**
     * Starts opening the socket and returns the client at once (so that a failed or timed-out attempt can
     * still be disposed); {@link #connected()} completes once the WebSocket handshake is done.
     */
    public static BenchClient open(HttpClient http, URI uri, int index, String account, int outboundFrames) {
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
                                    client.received(text.content(), System.nanoTime());
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
        return client;
    }

    /** Completes once the WebSocket handshake is done (exceptionally if the socket could not be opened). */
    public CompletableFuture<BenchClient> connected() {
        return connected;
    }

    /** Connects (already under way) and logs in: completes when the {@code getList} push arrived. */
    public CompletableFuture<BenchClient> connectAndLogin(String password) {
        return connected.thenCompose(c -> c.login(password));
    }

    private void markClosed() {
        connected.completeExceptionally(new LoginFailure("connect", account + ": socket ended before the handshake"));
        closedFuture.complete(null);
        loginPushes.completeExceptionally(new LoginFailure("closed", account + ": connection closed"
                + (closeStatus >= 0 ? " (status " + closeStatus + (closeReason == null ? "" : " " + closeReason) + ")" : "")
                + (kickedOff ? " (kicked off)" : "")));
        waiting.values().forEach(queue -> {
            CompletableFuture<JsonNode> next;
            while ((next = queue.poll()) != null) {
                next.completeExceptionally(new IllegalStateException(account + ": connection closed"));
            }
        });
    }

    private void received(ByteBuf content, long nanos) {
        framesIn++;
        bytesIn += content.readableBytes();
        int start = content.readerIndex();
        int end = content.writerIndex();
        while (start < end && Character.isWhitespace(content.getByte(start))) {
            start++;
        }
        if (start < end && content.getByte(start) == '[') {
            int methods = pushMethods(content, start, end);
            if (liveNanos == 0 && (methods & GET_LIST_PUSH) != 0) {
                liveNanos = nanos;
                loginPushes.complete(null);
            }
            if ((methods & MESSAGE_PUSH) != 0) {
                JsonNode frame = parse(content);
                if (frame != null) {
                    for (JsonNode packet : frame) {
                        listener.onPush(this, packet, nanos);
                    }
                }
            }
            return;
        }
        JsonNode frame = parse(content);
        if (frame == null) {
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

    private JsonNode parse(ByteBuf content) {
        try {
            return ProtocolJson.mapper().readTree(content.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            unparseable.incrementAndGet();
            return null;
        }
    }

    /**
     * Which of the methods the benchmark reads ({@link #GET_LIST_PUSH}, {@link #MESSAGE_PUSH}) the packets in
     * bytes [from, to) of a push frame have: every {@code "method":"} key of the frame is looked at, not
     * only the first packet's, since one frame may carry several pushes.
     */
    static int pushMethods(ByteBuf buf, int from, int to) {
        int flags = 0;
        int at = from;
        while (at < to) {
            int key = ByteBufUtil.indexOf(METHOD_KEY.duplicate(), buf.slice(at, to - at));
            if (key < 0) {
                break;
            }
            int value = at + key + METHOD_KEY.readableBytes();
            if (startsWith(buf, value, to, GET_LIST)) {
                flags |= GET_LIST_PUSH;
            } else if (startsWith(buf, value, to, MESSAGE)) {
                flags |= MESSAGE_PUSH;
            }
            at = value;
        }
        return flags;
    }

    private static boolean startsWith(ByteBuf buf, int at, int to, byte[] lowerCasePrefix) {
        return to - at >= lowerCasePrefix.length && contains(buf, at, at + lowerCasePrefix.length, lowerCasePrefix);
    }

    /** Whether bytes [from, to) contain {@code lowerCaseNeedle}, ASCII letters compared case-insensitively. */
    static boolean contains(ByteBuf buf, int from, int to, byte[] lowerCaseNeedle) {
        int last = to - lowerCaseNeedle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < lowerCaseNeedle.length; j++) {
                byte b = buf.getByte(i + j);
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != lowerCaseNeedle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
                throw new LoginFailure("login", "login of " + account + " failed: " + response);
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
        return framesIn;
    }

    /** WebSocket payload bytes received (text frames, as they arrived). */
    public long bytesIn() {
        return bytesIn;
    }

    /** {@link System#nanoTime()} when {@link #connect} was called. */
    public long connectStartNanos() {
        return connectStartNanos;
    }

    /** {@link System#nanoTime()} when the {@code getList} login push arrived, 0 before. */
    public long liveNanos() {
        return liveNanos;
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
