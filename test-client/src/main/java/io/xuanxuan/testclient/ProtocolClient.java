package io.xuanxuan.testclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.xuanxuan.model.json.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a test does with a client of the protocol, whichever transport carries it ({@link WsClient} over
 * WebSocket, {@link TcpClient} over the 1.0 client's TCP lines): build requests, send one and wait for its
 * response, wait for pushes, read what arrived in order. A transport says how to send a JSON text and hands each
 * received text (a WebSocket text frame, a TCP line) to {@link #received}; this class keeps what it holds as
 * <em>items</em>: a response or a single-object notice as it came, each packet of a push array as a one-packet
 * array, so a predicate sees every packet whichever frame carried it.
 *
 * <p>Three ways to read: wait for the item a test expects ({@link #awaitFrame}, {@link #request}, {@link #push}),
 * without blocking ({@link #expect}, {@link #loginAsync}: a thousand connections log in from a few threads), or
 * in order ({@link #next()}, {@link #nextFrame}, {@link #pending()}). With an {@link Intake} (e.g. a recorder of
 * message gids, for a thousand connections) a client keeps only what the intake answers.
 */
public abstract class ProtocolClient implements AutoCloseable {

    /** The default wait of a request or a push. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a client keeps of each received text (a WebSocket text frame, a TCP line without its newline): the
     * items a test may wait for. Runs on the transport's reading thread or event loop: must be quick.
     */
    public interface Intake {
        List<JsonNode> items(ByteBuf content) throws IOException;

        /** Whether the client also keeps each text as it came ({@link #frames()}). */
        default boolean keepsText() {
            return false;
        }
    }

    /** The default intake: every text, every packet of a push array as its own item. */
    public static final Intake EVERYTHING = new Intake() {
        @Override
        public List<JsonNode> items(ByteBuf content) {
            String text = content.toString(StandardCharsets.UTF_8);
            JsonNode frame;
            try {
                frame = ProtocolJson.mapper().readTree(text);
            } catch (Exception e) {
                frame = ProtocolJson.nodes().textNode("UNPARSEABLE: " + text);
            }
            return ProtocolClient.items(frame);
        }

        @Override
        public boolean keepsText() {
            return true;
        }
    };

    /** A wait for an item that does not block ({@link #expect}). */
    private record Expectation(Predicate<JsonNode> matching, CompletableFuture<JsonNode> found) {
    }

    /** The default wait of the blocking reads ({@link #next()}, {@link #nextMatching}); see {@code withTimeout}. */
    protected Duration timeout = TIMEOUT;
    public String sid;
    public JsonNode user;

    private final Intake intake;
    /** The items in order of arrival; a consumed one is replaced by null. */
    private final List<JsonNode> items = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    /** Per received text: where its items start and how many were kept (for {@link #nextFrame}). */
    private final List<int[]> textItems = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private boolean ended;

    protected ProtocolClient(Intake intake) {
        this.intake = intake;
    }

    /** Sends one JSON text as the transport frames it (a text frame, a line). */
    public abstract void sendRaw(String json);

    /** Waits until the server closed the connection; false if it is still open after {@code wait}. */
    public boolean awaitClosed(Duration wait) {
        return waitUntil(() -> ended, wait);
    }

    @Override
    public abstract void close();

    /** What one received value holds: a push array's packets each as a one-packet array; anything else as is. */
    public static List<JsonNode> items(JsonNode value) {
        if (!value.isArray() || value.size() <= 1) {
            return List.of(value);
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        for (JsonNode packet : value) {
            items.add(ProtocolJson.nodes().arrayNode().add(packet));
        }
        return items;
    }

    /** A transport received one text (frame or line): keeps what the intake answers, fulfils waits. */
    protected final synchronized void received(ByteBuf content) {
        if (intake.keepsText()) {
            texts.add(content.toString(StandardCharsets.UTF_8));
        }
        List<JsonNode> kept;
        try {
            kept = intake.items(content);
        } catch (IOException e) {
            kept = List.of(ProtocolJson.nodes().textNode("UNPARSEABLE: " + e.getMessage()));
        }
        int count = 0;
        for (JsonNode item : kept) {
            if (!fulfilsExpectation(item)) {
                items.add(item);
                count++;
            }
        }
        if (count > 0) {
            textItems.add(new int[] {items.size() - count, count});
        }
        notifyAll();
    }

    /** Whether a non-blocking wait took the item (it is then consumed). */
    private boolean fulfilsExpectation(JsonNode item) {
        for (Iterator<Expectation> it = expectations.iterator(); it.hasNext(); ) {
            Expectation expectation = it.next();
            if (expectation.matching().test(item)) {
                it.remove();
                expectation.found().complete(item);
                return true;
            }
        }
        return false;
    }

    /**
     * The connection ended (whoever ended it): blocking waits return, non-blocking ones fail. Answers whether
     * this was the first time.
     */
    protected final boolean connectionEnded() {
        List<Expectation> waiting;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            waiting = List.copyOf(expectations);
            expectations.clear();
            notifyAll();
        }
        IllegalStateException end = new IllegalStateException("the connection ended");
        waiting.forEach(expectation -> expectation.found().completeExceptionally(end));
        return true;
    }

    /** Whether the connection has ended. */
    public synchronized boolean isEnded() {
        return ended;
    }

    /**
     * The first not yet consumed item matching, without blocking: completes (on the transport's thread) when it
     * arrives, fails when the connection ends first.
     */
    public synchronized CompletableFuture<JsonNode> expect(Predicate<JsonNode> matching) {
        JsonNode there = takeFirst(matching);
        if (there != null) {
            return CompletableFuture.completedFuture(there);
        }
        CompletableFuture<JsonNode> found = new CompletableFuture<>();
        if (ended) {
            found.completeExceptionally(new IllegalStateException("the connection ended"));
        } else {
            expectations.add(new Expectation(matching, found));
        }
        return found;
    }

    /**
     * Sends the login request and completes, without blocking, when its response and the {@code getList} push
     * arrived; fails when the login fails or the connection ends first. A successful login sets sid and user.
     */
    protected final <C extends ProtocolClient> CompletableFuture<C> loginAsync(C self, String account,
            ObjectNode login) {
        sendRaw(ProtocolJson.write(login));
        return expect(item -> item.isObject() && item.has("result")
                        && "login".equalsIgnoreCase(item.path("method").asText()))
                .thenCompose(response -> {
                    if (!"success".equals(response.path("result").asText())) {
                        throw new AssertionError("login of " + account + " failed: " + response);
                    }
                    loggedIn(response);
                    return expect(item -> item.isArray() && item.size() == 1
                            && "getList".equalsIgnoreCase(item.get(0).path("method").asText()));
                })
                .thenApply(ignored -> self);
    }

    /**
     * Waits for the first not yet consumed item matching; items before it stay available. Returns empty after
     * {@code wait}, or as soon as the connection has ended (nothing more comes).
     */
    public synchronized Optional<JsonNode> awaitFrame(Predicate<JsonNode> matching, Duration wait) {
        JsonNode[] found = new JsonNode[1];
        waitUntil(() -> (found[0] = takeFirst(matching)) != null || ended, wait);
        return Optional.ofNullable(found[0]);
    }

    /**
     * The next received text (frame or line) as it came, parsed (a push array not split into its packets);
     * fails if part of it was consumed already, or if none comes within the wait.
     */
    public synchronized JsonNode nextFrame(Duration wait) {
        JsonNode[] found = new JsonNode[1];
        waitUntil(() -> (found[0] = takeNextText()) != null || ended, wait);
        if (found[0] == null) {
            throw new AssertionError("no frame within " + wait + (ended ? " (the connection ended)" : ""));
        }
        return found[0];
    }

    private JsonNode takeNextText() {
        for (int[] text : textItems) {
            int taken = 0;
            for (int i = text[0]; i < text[0] + text[1]; i++) {
                taken += items.get(i) == null ? 1 : 0;
            }
            if (taken == text[1]) {
                continue;
            }
            if (taken > 0) {
                throw new IllegalStateException("items of the next frame were taken already");
            }
            if (text[1] == 1) {
                JsonNode item = items.get(text[0]);
                items.set(text[0], null);
                return item;
            }
            ArrayNode packets = ProtocolJson.nodes().arrayNode();
            for (int i = text[0]; i < text[0] + text[1]; i++) {
                packets.add(items.get(i).get(0));
                items.set(i, null);
            }
            return packets;
        }
        return null;
    }

    /** How many received items are not yet consumed (0 when none). */
    public synchronized int pending() {
        int pending = 0;
        for (JsonNode item : items) {
            pending += item != null ? 1 : 0;
        }
        return pending;
    }

    /** Every text (frame or line) received so far, in order, as it came, consumed or not (if the intake keeps text). */
    public synchronized List<String> frames() {
        return List.copyOf(texts);
    }

    /** What was received so far as it came over the wire, for failure messages. */
    protected List<String> receivedSoFar() {
        return frames();
    }

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

    /** Takes (replaces with null) and answers the first item that matches; null if none. */
    private JsonNode takeFirst(Predicate<JsonNode> matching) {
        for (int i = 0; i < items.size(); i++) {
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
