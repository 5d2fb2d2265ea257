package io.xuanxuan.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A real WebSocket client (Reactor Netty) that speaks JSON text frames, for the tests.
 *
 * <p>Options: {@code initialDemand} limits how many frames it reads before {@link #resume()} (a client
 * that stops reading); {@code ignorePings} makes it pass pings up instead of answering them (a client
 * that does not answer).
 *
 * <p>The gateway may put several push packets into one frame ({@code [{packet},{packet}]}), so {@link #next()}
 * answers <em>items</em>: a response or notice object as it came, and each packet of a push frame as its
 * own one-packet array, in the frame's order; {@code item.get(0)} of a push item is its one packet. A test
 * about how packets are framed reads raw frames with {@link #nextFrame(Duration)}.
 */
final class WsTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    /** The packets of a push frame not yet taken by {@link #next()}, each as a one-packet array. */
    private final java.util.ArrayDeque<JsonNode> split = new java.util.ArrayDeque<>();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();

    private WsTestClient() {
    }

    static WsTestClient connect(int port) {
        return connect(port, Long.MAX_VALUE, false);
    }

    static WsTestClient connect(int port, long initialDemand, boolean ignorePings) {
        WsTestClient client = new WsTestClient();
        CompletableFuture<Void> open = new CompletableFuture<>();
        HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(8 << 20).handlePing(ignorePings).build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    in.withConnection(client.connection::set);
                    in.receiveCloseStatus().subscribe(client.closeStatus::complete, client.closeStatus::completeExceptionally,
                            () -> client.closeStatus.complete(null));
                    out.sendObject(client.outbound.asFlux()).then().subscribe(null, error -> { });
                    Sinks.Empty<Void> done = Sinks.empty();
                    in.aggregateFrames(8 << 20).receiveFrames().subscribe(new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                            client.subscription.set(s);
                            s.request(initialDemand);
                        }

                        @Override
                        protected void hookOnNext(WebSocketFrame frame) {
                            if (frame instanceof TextWebSocketFrame text) {
                                client.frames.add(text.text());
                            }
                        }

                        @Override
                        protected void hookFinally(reactor.core.publisher.SignalType type) {
                            done.tryEmitEmpty();
                        }
                    });
                    open.complete(null);
                    return done.asMono();
                })
                .subscribe(null, error -> {
                    open.completeExceptionally(error);
                    client.finish();
                }, client::finish);
        try {
            open.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not connect to the gateway", e);
        }
        return client;
    }

    private void finish() {
        closeStatus.complete(null);
        ended.complete(null);
    }

    void send(String text) {
        outbound.emitNext(new TextWebSocketFrame(text), Sinks.EmitFailureHandler.busyLooping(TIMEOUT));
    }

    void sendFrame(WebSocketFrame frame) {
        outbound.emitNext(frame, Sinks.EmitFailureHandler.busyLooping(TIMEOUT));
    }

    void sendBinary(byte[] bytes) {
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** Lets a client that stopped reading read everything. */
    void resume() {
        subscription.get().request(Long.MAX_VALUE);
    }

    /** The next item (a response, or one push packet as a one-packet array); fails if none arrives in time. */
    JsonNode next() {
        return next(TIMEOUT);
    }

    synchronized JsonNode next(Duration timeout) {
        if (split.isEmpty()) {
            JsonNode frame = nextFrame(timeout);
            if (!frame.isArray() || frame.size() <= 1) {
                return frame;
            }
            frame.forEach(packet -> split.add(ProtocolJson.nodes().arrayNode().add(packet)));
        }
        return split.poll();
    }

    /** The next text frame as it came over the wire, parsed (not split into its packets). */
    synchronized JsonNode nextFrame(Duration timeout) {
        if (!split.isEmpty()) {
            throw new IllegalStateException("packets of the last frame were not taken yet: " + split);
        }
        try {
            String text = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no frame within " + timeout);
            }
            return ProtocolJson.mapper().readTree(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.io.IOException e) {
            throw new AssertionError("the server sent a frame that is not JSON", e);
        }
    }

    /** Skips items until one matches (e.g. past pushes), failing after the timeout. */
    JsonNode nextMatching(Predicate<JsonNode> predicate) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + TIMEOUT);
            }
            JsonNode frame = next(Duration.ofNanos(left));
            if (predicate.test(frame)) {
                return frame;
            }
        }
    }

    /** Whether items are received and not yet taken: 0 when none (a frame not yet split counts as one). */
    synchronized int pending() {
        return split.size() + frames.size();
    }

    /** The close status the server sent (null if the socket ended without a close frame). */
    WebSocketCloseStatus awaitClose() {
        return awaitClose(TIMEOUT);
    }

    WebSocketCloseStatus awaitClose(Duration timeout) {
        try {
            WebSocketCloseStatus status = closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitEnd(timeout);
            return status;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeout);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the connection did not end within " + timeout);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    boolean isEnded() {
        return ended.isDone();
    }

    @Override
    public void close() {
        Connection current = connection.get();
        if (current != null) {
            current.dispose();
        }
        outbound.tryEmitComplete();
    }
}
