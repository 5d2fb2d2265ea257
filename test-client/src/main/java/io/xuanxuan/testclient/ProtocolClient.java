package io.xuanxuan.testclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a test does with a client of the protocol, whichever transport carries it ({@link WsClient} over
 * WebSocket, {@link TcpClient} over the 1.0 client's TCP lines): build requests, send one and wait for its
 * response, wait for pushes, read what arrived in order. A transport says how to send a JSON text and keeps
 * what it received as <em>items</em>: a response or a single-object notice as it came, each packet of a push
 * array as a one-packet array.
 */
public abstract class ProtocolClient implements AutoCloseable {

    /** The default wait of a request or a push. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The default wait of the blocking reads ({@link #next()}, {@link #nextMatching}); see {@code withTimeout}. */
    protected Duration timeout = TIMEOUT;
    public String sid;
    public JsonNode user;

    /** Sends one JSON text as the transport frames it (a text frame, a line). */
    public abstract void sendRaw(String json);

    /** Waits for the first not yet consumed item matching; items before it stay available. */
    public abstract Optional<JsonNode> awaitFrame(Predicate<JsonNode> matching, Duration wait);

    /** Whether the connection has ended. */
    public abstract boolean isEnded();

    /** What was received so far as it came over the wire, for failure messages. */
    protected abstract List<String> receivedSoFar();

    /** Every frame (WebSocket) or line (TCP) received so far, in order, as raw text, consumed or not. */
    public abstract List<String> frames();

    /** Waits until the server closed the connection; false if it is still open after {@code wait}. */
    public abstract boolean awaitClosed(Duration wait);

    @Override
    public abstract void close();

    /**
     * Waits on this client's monitor until {@code condition} holds (the transports call {@code notifyAll} when
     * they receive or end); false if it does not within {@code wait}.
     */
    protected final synchronized boolean waitUntil(BooleanSupplier condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
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

    /** Takes (replaces with null) and answers the first item from {@code from} on that matches; null if none. */
    protected static JsonNode takeFirst(List<JsonNode> items, int from, Predicate<JsonNode> matching) {
        for (int i = from; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item != null && matching.test(item)) {
                items.set(i, null);
                return item;
            }
        }
        return null;
    }

    /** A request with named params, e.g. {@code named("login", "account", "alice", ...)}. */
    public ObjectNode named(String method, Object... keyValues) {
        ObjectNode params = ProtocolJson.nodes().objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.set((String) keyValues[i], ProtocolJson.toTree(keyValues[i + 1]));
        }
        return envelope("chat", method, params);
    }

    /** A request with positional params (what the real clients send), e.g. {@code positional("login", "alice", md5, "online")}. */
    public ObjectNode positional(String method, Object... values) {
        ArrayNode params = ProtocolJson.nodes().arrayNode();
        for (Object value : values) {
            params.add(ProtocolJson.toTree(value));
        }
        return envelope("chat", method, params);
    }

    /** A request of any module, with this client's sid once it has one. */
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
        return request(request, TIMEOUT);
    }

    /** Sends a request and waits up to {@code wait} for its response; a successful login sets sid and user. */
    public JsonNode request(ObjectNode request, Duration wait) {
        sendRaw(ProtocolJson.write(request));
        String method = request.path("method").asText();
        JsonNode response = awaitFrame(item -> item.isObject() && item.has("result")
                && method.equals(item.path("method").asText()), wait)
                .orElseThrow(() -> new AssertionError("no response to " + request + " within " + wait
                        + (isEnded() ? " (the connection ended)" : "") + "; received: " + receivedSoFar()));
        if ("login".equalsIgnoreCase(method) && "success".equals(response.path("result").asText())) {
            loggedIn(response);
        }
        return response;
    }

    protected void loggedIn(JsonNode response) {
        sid = response.path("sid").asText();
        user = response.path("data");
    }

    /** Waits for a push packet of a method (case-insensitive), returns its data. */
    public JsonNode push(String method) {
        return pushPacket(method, TIMEOUT).map(packet -> packet.path("data"))
                .orElseThrow(() -> new AssertionError("no push " + method + "; received: " + receivedSoFar()));
    }

    /** Waits for a push packet of a method (case-insensitive), whichever frame and position carried it. */
    public Optional<JsonNode> pushPacket(String method, Duration wait) {
        return awaitPacket(packet -> method.equalsIgnoreCase(packet.path("method").asText()), wait);
    }

    /** Waits for the first not yet consumed push packet matching, whichever frame and position carried it. */
    public Optional<JsonNode> awaitPacket(Predicate<JsonNode> matching, Duration wait) {
        return awaitFrame(item -> item.isArray() && item.size() == 1 && matching.test(item.get(0)), wait)
                .map(item -> item.get(0));
    }

    /** Whether a push of that method arrives within the time (for checking that none does). */
    public boolean receivesPush(String method, Duration within) {
        return pushPacket(method, within).isPresent();
    }

    /** The next not yet consumed item; fails if none arrives in time. */
    public JsonNode next() {
        return next(timeout);
    }

    public JsonNode next(Duration wait) {
        return awaitFrame(item -> true, wait).orElseThrow(() -> new AssertionError("no item within " + wait
                + (isEnded() ? " (the connection ended)" : "")));
    }

    /** Consumes items until one matches (those before it are dropped), failing after the default wait. */
    public JsonNode nextMatching(Predicate<JsonNode> predicate) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching item within " + timeout);
            }
            JsonNode item = next(Duration.ofNanos(left));
            if (predicate.test(item)) {
                return item;
            }
        }
    }

    /** Creates the one-to-one chat of this (logged-in) user and {@code other}; answers its gid. */
    public String createOneToOne(ProtocolClient other) {
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
}
