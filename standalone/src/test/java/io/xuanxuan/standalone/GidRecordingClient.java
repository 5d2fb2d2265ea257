package io.xuanxuan.standalone;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A light protocol client for tests with a thousand connections: it keeps no frame. Of the {@code message}
 * pushes it records only the message gids that belong to one test run ({@code runId-k}, recorded as the
 * int {@code k}), in the order received, every packet of every push frame; responses go to a queue for the
 * few requests a test makes (login, message, history); every other push is read and dropped. A thousand
 * {@link WsClient}s keeping each frame as a String and as a tree would cost gigabytes at 10,000 messages.
 *
 * <p>Pings are answered by this handler after every frame before the ping was recorded (as
 * {@link WsClient} does): the server's delivery receipts take a pong to mean "everything before it
 * arrived", so a pong must never run ahead of a frame this client has not recorded yet.
 */
final class GidRecordingClient implements AutoCloseable {

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final String gidPrefix;
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Void> live = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Disposable connection;
    private final Listener listener;
    private int[] received = new int[256];
    private int count;
    private volatile boolean closing;
    String sid;
    long userId;

    /** Told of each recorded message (on the connection's event loop: must be quick and not block). */
    interface Listener {
        void recorded(GidRecordingClient connection, int k);
    }

    private GidRecordingClient(int port, String runId, Listener listener) {
        this.gidPrefix = runId + "-";
        this.listener = listener;
        // not pooled: the default pool allows 500 connections per address and would queue the rest
        this.connection = HttpClient.newConnection()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).handlePing(true).build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receiveFrames()
                            .concatMap(frame -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    received(text.content());
                                } else if (frame instanceof PingWebSocketFrame ping) {
                                    return out.sendObject(new PongWebSocketFrame(ping.content().retain())).then();
                                }
                                return Mono.empty();
                            })
                            .then();
                    return Mono.when(reading, out.sendString(outbound.asFlux()).then());
                })
                .doFinally(signal -> markEnded())
                .subscribe(ignored -> { }, error -> markEnded());
    }

    /**
     * Connects and logs in; the future completes when the {@code getList} push arrived (the login is
     * complete), and fails when the login fails or the connection ends first.
     */
    static CompletableFuture<GidRecordingClient> login(int port, String runId, String account, String password,
                                                       Listener listener) {
        GidRecordingClient client = new GidRecordingClient(port, runId, listener);
        ObjectNode params = ProtocolJson.nodes().objectNode().put("account", account)
                .put("password", WsClient.md5(password)).put("status", "online");
        client.send(ProtocolJson.nodes().objectNode().put("module", "chat").put("method", "login").set("params", params));
        return client.live.thenApply(ignored -> client);
    }

    private void received(ByteBuf content) {
        int start = content.readerIndex();
        while (start < content.writerIndex() && Character.isWhitespace(content.getByte(start))) {
            start++;
        }
        try {
            if (start < content.writerIndex() && content.getByte(start) == '[') {
                readPushFrame(content);
                return;
            }
            JsonNode frame = ProtocolJson.mapper().readTree(new ByteBufInputStream(content.duplicate()));
            if (frame.isObject() && frame.has("result")) {
                if ("login".equalsIgnoreCase(frame.path("method").asText()) && sid == null) {
                    if (!"success".equals(frame.path("result").asText())) {
                        live.completeExceptionally(new AssertionError("login failed: " + frame));
                        return;
                    }
                    sid = frame.path("sid").asText();
                    userId = frame.path("data").path("id").asLong();
                    return;
                }
                responses.add(frame);
            }
        } catch (IOException e) {
            live.completeExceptionally(new AssertionError("a frame that is not JSON", e));
        }
    }

    /** Every packet of the frame: the gids of {@code message} packets are recorded, {@code getList} marks live. */
    private void readPushFrame(ByteBuf content) throws IOException {
        try (JsonParser parser = ProtocolJson.mapper().getFactory().createParser(
                (java.io.InputStream) new ByteBufInputStream(content.duplicate()))) {
            parser.setCodec(ProtocolJson.mapper());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                readPacket(parser);
            }
        }
    }

    private void readPacket(JsonParser parser) throws IOException {
        String method = null;
        JsonNode earlyData = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("method".equals(field)) {
                method = parser.getText();
            } else if ("data".equals(field) && method != null) {
                if ("message".equalsIgnoreCase(method)) {
                    readMessages(parser);
                } else {
                    parser.skipChildren();
                }
            } else if ("data".equals(field)) {
                earlyData = parser.readValueAsTree(); // data before method: not how the server writes, but valid
            } else {
                parser.skipChildren();
            }
        }
        if (earlyData != null && "message".equalsIgnoreCase(method)) {
            earlyData.forEach(message -> record(message.path("gid").asText()));
        }
        if ("getList".equalsIgnoreCase(method) && sid != null) {
            live.complete(null);
        }
    }

    private void readMessages(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("gid".equals(field)) {
                    record(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void record(String gid) {
        if (gid == null || !gid.startsWith(gidPrefix)) {
            return; // another test's message
        }
        int k = Integer.parseInt(gid, gidPrefix.length(), gid.length(), 10);
        synchronized (this) {
            if (count == received.length) {
                received = Arrays.copyOf(received, count * 2);
            }
            received[count++] = k;
        }
        listener.recorded(this, k);
    }

    /** The run's messages this connection received, in order, duplicates included. */
    synchronized int[] received() {
        return Arrays.copyOf(received, count);
    }

    void send(JsonNode request) {
        if (sid != null && request instanceof ObjectNode object) {
            object.put("sid", sid);
        }
        Sinks.EmitResult result = outbound.tryEmitNext(ProtocolJson.write(request));
        if (result.isFailure()) {
            throw new IllegalStateException("cannot send: " + result);
        }
    }

    /** A request of the chat module (the sid is added when sent). */
    ObjectNode envelope(String method, JsonNode params) {
        ObjectNode request = ProtocolJson.nodes().objectNode().put("module", "chat").put("method", method);
        request.set("params", params);
        return request;
    }

    /** Sends a request and waits for the next response with its method. */
    JsonNode request(ObjectNode request, Duration timeout) throws InterruptedException {
        String method = request.path("method").asText();
        send(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode response = responses.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (response == null) {
                throw new AssertionError("no response to " + method + " within " + timeout
                        + (ended.isDone() ? " (the connection ended)" : ""));
            }
            if (method.equalsIgnoreCase(response.path("method").asText())) {
                return response;
            }
        }
    }

    private void markEnded() {
        live.completeExceptionally(new IllegalStateException("the connection ended before the login completed"));
        ended.complete(null);
    }

    /** Completes when the connection has ended, whoever ended it. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Whether the test closed it (an end it did not ask for is the server's). */
    boolean closedByTest() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
