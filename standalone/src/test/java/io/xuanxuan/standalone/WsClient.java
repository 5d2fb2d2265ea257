package io.xuanxuan.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A protocol client for the tests: a real WebSocket connection that speaks JSON text frames, keeps
 * everything it receives in order, and lets a test wait for the one it expects.
 *
 * <p>A push frame is an array of packets, and the server may put several pushes of different methods
 * into one frame (PROTOCOL.md: "one push or an array of them"). So the client keeps what it received as
 * <em>items</em>: a response (or notice) object as it came, and each packet of a push frame as its own
 * one-packet array {@code [packet]}, in the order of the frame. A predicate given to {@link #awaitFrame}
 * therefore sees every packet, whichever frame carried it, and {@code item.get(0)} of a push item is
 * its one packet. {@link #frames()} still answers the raw frames as they came over the wire.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<JsonNode> frames = new ArrayList<>();
    private final List<String> rawFrames = new ArrayList<>();
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable connection;
    private volatile boolean closed;
    private volatile int closeStatus = -1;
    private int consumed;
    public String sid;
    public JsonNode user;

    private WsClient(int port) {
        Sinks.One<Boolean> connected = Sinks.one();
        this.connection = HttpClient.create()
                // pings come to this handler (no automatic pong): a pong is sent only after every frame before
                // the ping was recorded, as the server's delivery receipts assume of a client; Reactor Netty's
                // automatic pong could still answer a ping after close() had dropped the frames before it
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).handlePing(true)
                        .build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    connected.tryEmitValue(true);
                    in.receiveCloseStatus().subscribe(status -> closeStatus = status.code());
                    Mono<Void> reading = in.aggregateFrames(16 * 1024 * 1024).receiveFrames()
                            .concatMap(frame -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    received(text.text());
                                } else if (frame instanceof PingWebSocketFrame ping) {
                                    return out.sendObject(new PongWebSocketFrame(ping.content().retain())).then();
                                }
                                return Mono.empty();
                            })
                            .then();
                    Mono<Void> writing = out.sendString(outbound.asFlux()).then();
                    return Mono.when(reading, writing);
                })
                .doFinally(signal -> markClosed())
                .subscribe(ignored -> { }, error -> markClosed());
        connected.asMono().block(TIMEOUT);
    }

    public static WsClient connect(int port) {
        return new WsClient(port);
    }

    /** Connects and logs in; waits for the response and the two login pushes. */
    public static WsClient login(int port, String account, String password) {
        WsClient client = connect(port);
        JsonNode response = client.request(client.named("login", "account", account, "password", md5(password),
                "status", "online"));
        if (!"success".equals(response.path("result").asText())) {
            throw new AssertionError("login of " + account + " failed: " + response);
        }
        client.push("getList");
        return client;
    }

    public static String md5(String text) {
        return io.xuanxuan.presence.domain.PasswordHasher.md5(text);
    }

    private synchronized void received(String text) {
        rawFrames.add(text);
        JsonNode frame;
        try {
            frame = ProtocolJson.mapper().readTree(text);
        } catch (Exception e) {
            frame = ProtocolJson.nodes().textNode("UNPARSEABLE: " + text);
        }
        frames.addAll(items(frame));
        notifyAll();
    }

    /** What one received frame holds: a push frame's packets each as a one-packet array; anything else as is. */
    static List<JsonNode> items(JsonNode frame) {
        if (!frame.isArray() || frame.size() <= 1) {
            return List.of(frame);
        }
        List<JsonNode> items = new ArrayList<>(frame.size());
        for (JsonNode packet : frame) {
            items.add(ProtocolJson.nodes().arrayNode().add(packet));
        }
        return items;
    }

    private synchronized void markClosed() {
        closed = true;
        notifyAll();
    }

    public void sendRaw(String text) {
        Sinks.EmitResult result = outbound.tryEmitNext(text);
        if (result.isFailure()) {
            throw new IllegalStateException("cannot send: " + result);
        }
    }

    /** A request with named params, e.g. {@code named("login", "account", "alice", ...)}. */
    public ObjectNode named(String method, Object... keyValues) {
        ObjectNode params = ProtocolJson.nodes().objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.set((String) keyValues[i], ProtocolJson.toTree(keyValues[i + 1]));
        }
        return envelope("chat", method, params);
    }

    /** A request with positional params, e.g. {@code positional("login", "alice", md5, "online")}. */
    public ObjectNode positional(String method, Object... values) {
        ArrayNode params = ProtocolJson.nodes().arrayNode();
        for (Object value : values) {
            params.add(ProtocolJson.toTree(value));
        }
        return envelope("chat", method, params);
    }

    public ObjectNode envelope(String module, String method, JsonNode params) {
        ObjectNode request = ProtocolJson.nodes().objectNode().put("module", module).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        if (sid != null) {
            request.put("sid", sid);
        }
        return request;
    }

    /** Sends a request and waits for its response (the next response object with that method). */
    public JsonNode request(ObjectNode request) {
        sendRaw(ProtocolJson.write(request));
        String method = request.path("method").asText();
        JsonNode response = awaitFrame(frame -> frame.isObject() && frame.has("result")
                && method.equals(frame.path("method").asText()), TIMEOUT)
                .orElseThrow(() -> new AssertionError("no response to " + request + "; frames: " + frames()));
        if ("login".equalsIgnoreCase(method) && "success".equals(response.path("result").asText())) {
            sid = response.path("sid").asText();
            user = response.path("data");
        }
        return response;
    }

    /** Creates the one-to-one chat of this (logged-in) user and {@code other}; answers its gid. */
    public String createOneToOne(WsClient other) {
        long first = user.path("id").asLong();
        long second = other.user.path("id").asLong();
        String gid = Math.min(first, second) + "&" + Math.max(first, second);
        JsonNode created = request(named("create", "gid", gid, "name", "", "type", "one2one",
                "members", List.of(first, second)));
        if (!"success".equals(created.path("result").asText())) {
            throw new AssertionError("creating the one-to-one chat " + gid + " failed: " + created);
        }
        return gid;
    }

    /** Waits for a push packet of a method (case-insensitive), returns its data. */
    public JsonNode push(String method) {
        return pushPacket(method, TIMEOUT).map(packet -> packet.path("data"))
                .orElseThrow(() -> new AssertionError("no push " + method + "; frames: " + frames()));
    }

    /** Waits for a push packet of a method (case-insensitive), whichever frame and position carried it. */
    public Optional<JsonNode> pushPacket(String method, Duration timeout) {
        return awaitPacket(packet -> method.equalsIgnoreCase(packet.path("method").asText()), timeout);
    }

    /** Waits for the first not yet consumed push packet matching, whichever frame and position carried it. */
    public Optional<JsonNode> awaitPacket(Predicate<JsonNode> matching, Duration timeout) {
        return awaitFrame(item -> item.isArray() && item.size() == 1 && matching.test(item.get(0)), timeout)
                .map(item -> item.get(0));
    }

    /** Whether a push of that method arrives within the time (for checking that none does). */
    public boolean receivesPush(String method, Duration within) {
        return pushPacket(method, within).isPresent();
    }

    /**
     * Waits for the first not yet consumed item matching (a response object, or one push packet as a
     * one-packet array: see the class comment); items before it stay available.
     */
    public synchronized Optional<JsonNode> awaitFrame(Predicate<JsonNode> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = consumed;
        while (true) {
            for (int i = from; i < frames.size(); i++) {
                JsonNode frame = frames.get(i);
                if (frame != null && matching.test(frame)) {
                    frames.set(i, null);
                    return Optional.of(frame);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Every frame received so far, in order, as raw text (consumed or not). */
    public synchronized List<String> frames() {
        return List.copyOf(rawFrames);
    }

    public synchronized boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    public int closeStatus() {
        return closeStatus;
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
