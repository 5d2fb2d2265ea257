package io.xuanxuan.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A 2.x client's socket for the gateway's tests, written from xxc-2x-dialect.md A.4 and NOT with the server's
 * cipher: AES-256-CBC with PKCS#7 (the JDK's PKCS5Padding), key = the token's 32 ASCII bytes, IV = its first 16,
 * one binary frame per request; a frame from the server may hold several {@code \n}-separated JSON values.
 * Reactor Netty's WebSocket client answers the server's pings itself, as both 2.x clients do.
 */
final class XxcTestSocket implements AutoCloseable {

    private final String token;
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<WebSocketCloseStatus> closed = new CompletableFuture<>();
    private final List<JsonNode> items = new ArrayList<>();
    private final Disposable connection;
    private final Duration timeout;

    private XxcTestSocket(int port, String query, String token, Duration timeout) {
        this.token = token;
        this.timeout = timeout;
        this.connection = HttpClient.newConnection()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri("ws://127.0.0.1:" + port + io.xuanxuan.model.xxc.XxcDoor.PATH + "?" + query)
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(closed::complete);
                    Mono<Void> reading = in.aggregateFrames(1 << 20).receiveFrames().doOnNext(frame -> {
                        if (frame instanceof BinaryWebSocketFrame) {
                            received.add(ByteBufUtil.getBytes(frame.content()));
                        } else if (frame instanceof TextWebSocketFrame text) {
                            received.add(text.text());
                        }
                    }).then();
                    return Mono.when(reading, out.sendObject(outbound.asFlux()).then());
                })
                .subscribe(null, error -> closed.completeExceptionally(error),
                        () -> closed.complete(null));
    }

    static XxcTestSocket connect(int port, String query, String token, Duration timeout) {
        return new XxcTestSocket(port, query, token, timeout);
    }

    /** One request, encrypted with {@code key}, as one binary frame. */
    void send(String json, String key) {
        sendBinary(encrypt(json.getBytes(StandardCharsets.UTF_8), key));
    }

    void send(String json) {
        send(json, token);
    }

    void sendBinary(byte[] bytes) {
        outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    void sendText(String text) {
        outbound.tryEmitNext(new TextWebSocketFrame(text));
    }

    /** The next frame from the server, decrypted: its JSON values in order. Fails on a text frame or a timeout. */
    List<JsonNode> nextFrame() {
        Object frame;
        try {
            frame = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout + "; closed: " + closed.getNow(null));
        }
        if (!(frame instanceof byte[] bytes)) {
            throw new AssertionError("a text frame from the encrypted door: " + frame);
        }
        String plain = new String(decrypt(bytes, token), StandardCharsets.UTF_8);
        List<JsonNode> values = new ArrayList<>();
        for (String line : plain.split("\n")) {
            values.add(ProtocolJson.read(line, JsonNode.class));
        }
        return values;
    }

    /** Reads frames until an object or push packet matches (everything read is kept in {@link #items}). */
    JsonNode await(Predicate<JsonNode> predicate) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode value : nextFrame()) {
                List<JsonNode> flat = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(flat::add);
                } else {
                    flat.add(value);
                }
                for (JsonNode item : flat) {
                    items.add(item);
                    if (predicate.test(item)) {
                        return item;
                    }
                }
            }
        }
        throw new AssertionError("nothing matched within " + timeout + "; read " + items);
    }

    JsonNode awaitMethod(String method) {
        return await(item -> method.equals(item.path("method").asText()));
    }

    List<JsonNode> items() {
        return items;
    }

    /** The close the server sent (null: the connection ended without one). */
    WebSocketCloseStatus awaitClose() {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }

    static byte[] encrypt(byte[] plain, String key) {
        return crypt(Cipher.ENCRYPT_MODE, plain, key);
    }

    static byte[] decrypt(byte[] encrypted, String key) {
        return crypt(Cipher.DECRYPT_MODE, encrypted, key);
    }

    private static byte[] crypt(int mode, byte[] input, String key) {
        try {
            byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(keyBytes, "AES"), new IvParameterSpec(keyBytes, 0, 16));
            return cipher.doFinal(input);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
