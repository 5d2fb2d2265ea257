package io.xuanxuan.testclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The tests' 2.x client (xxc 2.3), written from the reference of what that client does
 * ({@code xxc-2x-dialect.md} section A), not from this server's code: so a test checks the server against the
 * reference, and the cipher here is {@code javax.crypto} used directly, not the server's own.
 *
 * <ul>
 *   <li>{@link #serverInfo}: {@code POST /serverInfo} as {@code api.js requestServerInfo} sends it: the body is
 *       literally {@code data=} and the raw JSON (not URL-encoded) under a form content type.</li>
 *   <li>{@link #connect}: the WebSocket at the {@code socketUrl} the server handed out, used verbatim.</li>
 *   <li>Every frame the client sends is one BINARY frame, AES-256-CBC with PKCS#7 padding of one JSON object;
 *       the key is the token's 32 ASCII bytes and the IV its first 16 characters (A.4, {@code user.js get
 *       cipherIV}). {@link #send} adds {@code userID} once the client knows its id, {@code v} and
 *       {@code lang}, as every request of the 2.3 client carries them (A.6).</li>
 *   <li>Each binary frame received is decrypted; its plaintext may be one object, a JSON array, or several
 *       {@code \n}-separated values, flattened into the objects the client handles one by one
 *       ({@code SocketMessage.fromJSON}). Those objects are this client's items ({@link ProtocolClient}):
 *       {@link #expect(String, String)} waits for one whose {@code module} and {@code method} are exactly the
 *       strings given, case-sensitive, for 15 s, as the client's {@code sendAndListen}/{@code listenMessage}.</li>
 *   <li>What a real client never sends, for the refusal tests: a text frame ({@link #sendText}), any bytes as a
 *       binary frame ({@link #sendBinary}), a frame encrypted with another key ({@link #encrypt(String, String)}),
 *       and the close status and reason the server ended with ({@link #awaitClose}).</li>
 * </ul>
 *
 * <p>What the server sends that the 2.x client could not read is kept as a text item saying so: a text frame
 * ({@code "TEXT FRAME: ..."}, which the Electron client drops and the browser fails to decrypt) and a binary
 * frame that does not decrypt or parse ({@code "UNDECRYPTABLE: ..."}, {@code "UNPARSEABLE: ..."}), so a test
 * that waits for an object fails with it in the message.
 */
public final class XxcClient extends ProtocolClient {

    /** The 2.x client's listen timeout ({@code socket.js}): a reply later than this counts as none. */
    public static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(15);
    /** What the 2.3 client sends as {@code v}. */
    public static final String CLIENT_VERSION = "2.3.0";
    public static final String LANG = "zh-cn";

    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding"; // the JDK's name for PKCS#7 on 16-byte blocks
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What {@code POST /serverInfo} answered: the status, the body as text, and as JSON (null if it is none). */
    public record ServerInfoReply(int status, String body, JsonNode json) {
        public String token() {
            return json == null ? null : json.path("token").asText(null);
        }

        public String socketUrl() {
            return json == null ? null : json.path("socketUrl").asText(null);
        }
    }

    /** Splits a decrypted plaintext into the objects the 2.x client handles (arrays flattened, {@code \n}-separated values). */
    private static final Intake DECRYPTED = new Intake() {
        @Override
        public List<JsonNode> items(ByteBuf content) {
            return split(content);
        }

        @Override
        public boolean keepsText() {
            return true;
        }
    };

    /** The objects of one plaintext, as {@code SocketMessage.fromJSON} flattens them; or this client's note. */
    private static List<JsonNode> split(ByteBuf content) {
        String text = content.toString(StandardCharsets.UTF_8);
        if (text.startsWith(MARK)) {
            return List.of(ProtocolJson.nodes().textNode(text.substring(MARK.length())));
        }
        List<JsonNode> items = new ArrayList<>();
        try (MappingIterator<JsonNode> values = ProtocolJson.mapper().readerFor(JsonNode.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValues(text)) {
            while (values.hasNextValue()) {
                JsonNode value = values.nextValue();
                if (value.isArray()) {
                    value.forEach(items::add);
                } else {
                    items.add(value);
                }
            }
        } catch (IOException | RuntimeException e) {
            items.add(ProtocolJson.nodes().textNode("UNPARSEABLE: " + text));
        }
        return items;
    }

    /** Marks a note this client makes about a frame (a text frame, an undecryptable one), not a plaintext. */
    private static final String MARK = "\u0000xxc-client-note\u0000";

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<WebSocketCloseStatus> closeFrame = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Disposable connection;
    /** The logged-in user's id, once the login reply gave it: then every request carries it as userID. */
    private volatile Long userId;
    /** The {@code chat/SessionID} value: what {@code /download}'s {@code sid} is made of. */
    private volatile String sessionId;

    private XxcClient(String socketUrl, String token, Duration connectWait) {
        super(DECRYPTED);
        this.token = token;
        byte[] keyBytes = token.getBytes(StandardCharsets.US_ASCII);
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.iv = new IvParameterSpec(keyBytes, 0, 16);
        this.timeout = LISTEN_TIMEOUT;
        Sinks.One<Boolean> connected = Sinks.one();
        this.connection = reactor.netty.http.client.HttpClient.newConnection()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri(socketUrl)
                .handle((in, out) -> {
                    connected.tryEmitValue(true);
                    in.receiveCloseStatus().subscribe(closeFrame::complete, closeFrame::completeExceptionally,
                            () -> closeFrame.complete(null));
                    Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receiveFrames()
                            .doOnNext(this::frameReceived).then();
                    return Mono.when(reading, out.sendObject(outbound.asFlux()).then());
                })
                .doFinally(signal -> ended())
                .subscribe(ignored -> { }, error -> {
                    connected.tryEmitError(error);
                    ended();
                });
        try {
            connected.asMono().block(connectWait);
        } catch (RuntimeException e) {
            connection.dispose();
            throw new AssertionError("cannot open the 2.x WebSocket " + socketUrl + ": " + e, e);
        }
    }

    /**
     * {@code POST <httpBase>/serverInfo} as the 2.3 client sends it: {@code data=} followed by the raw JSON
     * {@code {"module":"chat","method":"login","params":[serverName, account, passwordMd5, ""],"v":"2.3.0","lang":"zh-cn"}}.
     */
    public static ServerInfoReply serverInfo(String httpBase, String serverName, String account, String passwordMd5) {
        ObjectNode login = ProtocolJson.nodes().objectNode().put("module", "chat").put("method", "login");
        login.putArray("params").add(serverName).add(account).add(passwordMd5).add("");
        login.put("v", CLIENT_VERSION).put("lang", LANG);
        return postServerInfo(httpBase, "data=" + ProtocolJson.write(login));
    }

    /** {@code POST <httpBase>/serverInfo} with this body as it is, under the 2.x client's content type. */
    public static ServerInfoReply postServerInfo(String httpBase, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpBase + "/serverInfo"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json;
            try {
                json = ProtocolJson.mapper().readTree(response.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new ServerInfoReply(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new AssertionError("POST " + httpBase + "/serverInfo failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the 2.x WebSocket at {@code socketUrl} (verbatim, as the client does) with this login's token. */
    public static XxcClient connect(String socketUrl, String token) {
        if (token == null || token.length() != 32) {
            throw new AssertionError("a 2.x token is 32 characters (the AES-256 key), got: " + token);
        }
        return new XxcClient(socketUrl, token, TIMEOUT);
    }

    /** The user id the socket URL names ({@code user=<id>}), or empty. */
    public static Optional<Long> userOf(String socketUrl) {
        return queryParam(socketUrl, "user").map(Long::parseLong);
    }

    /** A query parameter of a URL, decoded, or empty. */
    public static Optional<String> queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** What a WebSocket upgrade request got: the status code, and the body of a refusal. */
    public record Upgrade(int status, String body, String head) {
    }

    /**
     * Asks {@code socketUrl} for a WebSocket upgrade on a plain socket and reads the answer (the body only of a
     * refusal): for the handshake refusals (an old or forged ticket), which a client library reports only as an
     * error. Closes the socket.
     */
    public static Upgrade tryUpgrade(String socketUrl) {
        URI uri = URI.create(socketUrl);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] keyBytes = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(keyBytes);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + java.util.Base64.getEncoder().encodeToString(keyBytes)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection ended in the handshake: " + head);
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.split(" ", 3)[1]);
            String body = "";
            if (status != 101) {
                int length = headText.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                        .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                        .findFirst().orElse(0);
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Upgrade(status, body, headText);
        } catch (IOException e) {
            throw new AssertionError("cannot ask " + socketUrl + " for an upgrade: " + e, e);
        }
    }

    // ---- sending

    /**
     * A request as the 2.3 client builds it: {@code module}, {@code method}, {@code params} (an array, or an
     * object for {@code message} and {@code entry/visit}; none when null), {@code userID} once known, {@code v},
     * {@code lang}.
     */
    public ObjectNode build(String module, String method, Object params) {
        ObjectNode request = ProtocolJson.nodes().objectNode().put("module", module).put("method", method);
        if (params != null) {
            request.set("params", params instanceof JsonNode node ? node : ProtocolJson.toTree(params));
        }
        Long id = userId;
        if (id != null) {
            request.put("userID", id);
        }
        request.put("v", CLIENT_VERSION).put("lang", LANG);
        return request;
    }

    /** Positional params as a JSON array, e.g. {@code params("a", 1, List.of(2, 3))}. */
    public static ArrayNode params(Object... values) {
        ArrayNode params = ProtocolJson.nodes().arrayNode();
        for (Object value : values) {
            params.add(ProtocolJson.toTree(value));
        }
        return params;
    }

    /** Builds the request ({@link #build}), encrypts it, sends one binary frame. */
    public void send(String module, String method, Object params) {
        send(build(module, method, params));
    }

    /** Encrypts this request as it is and sends it as one binary frame. */
    public void send(ObjectNode request) {
        sendRaw(ProtocolJson.write(request));
    }

    /** Sends {@code json} encrypted with this connection's token, as one binary frame. */
    @Override
    public void sendRaw(String json) {
        sendBinary(encrypt(json));
    }

    /** The frame the client would send for this JSON text: AES-256-CBC/PKCS#7 under this connection's token. */
    public byte[] encrypt(String json) {
        return encrypt(token, json);
    }

    /** AES-256-CBC/PKCS#7 of {@code json} under any 32-character token (IV its first 16 characters). */
    public static byte[] encrypt(String token, String json) {
        byte[] keyBytes = token.getBytes(StandardCharsets.US_ASCII);
        return crypt(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new IvParameterSpec(keyBytes, 0, 16),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] crypt(int mode, SecretKeySpec key, IvParameterSpec iv, byte[] bytes) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, iv);
            return cipher.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.toString(), e);
        }
    }

    /** Sends these bytes as one binary frame, as they are. */
    public void sendBinary(byte[] bytes) {
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** Sends a text frame (the 2.x door takes binary frames only). */
    public void sendText(String text) {
        sendFrame(new TextWebSocketFrame(text));
    }

    private void sendFrame(WebSocketFrame frame) {
        outbound.emitNext(frame, Sinks.EmitFailureHandler.busyLooping(TIMEOUT));
    }

    // ---- receiving

    private void frameReceived(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame binary) {
            byte[] encrypted = ByteBufUtil.getBytes(binary.content());
            byte[] plain;
            try {
                plain = crypt(Cipher.DECRYPT_MODE, key, iv, encrypted);
            } catch (IllegalArgumentException e) {
                received(note("UNDECRYPTABLE: a binary frame of " + encrypted.length + " bytes: " + e.getMessage()));
                return;
            }
            received(Unpooled.wrappedBuffer(plain));
            if (userId == null || sessionId == null) {
                learnFromLoginItems();
            }
        } else if (frame instanceof TextWebSocketFrame text) {
            received(note("TEXT FRAME: " + text.text()));
        }
    }

    private static ByteBuf note(String text) {
        return Unpooled.copiedBuffer(MARK + text, StandardCharsets.UTF_8);
    }

    /**
     * As the client does: the own {@code chat/login} reply's {@code data} is the user (its id from then on goes
     * as userID), and {@code chat/SessionID} gives the session id for download URLs. Read from the plaintexts
     * without consuming any item: a test still sees them in order.
     */
    private void learnFromLoginItems() {
        for (String text : frames()) {
            for (JsonNode item : split(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)))) {
                if (sessionId == null && "chat".equals(item.path("module").asText())
                        && "SessionID".equals(item.path("method").asText())) {
                    sessionId = item.path("sessionID").asText(null);
                }
                if (userId == null && "chat".equals(item.path("module").asText())
                        && "login".equals(item.path("method").asText())
                        && "success".equals(item.path("result").asText("success"))
                        && item.path("data").path("id").isIntegralNumber()) {
                    userId = item.path("data").path("id").asLong();
                    user = item.path("data");
                }
            }
        }
    }

    /**
     * Waits (15 s, the client's listen timeout) for the first not yet consumed item whose {@code module} and
     * {@code method} are exactly these strings; items before it stay. Fails with what arrived if none does.
     */
    public JsonNode expect(String module, String method) {
        return expect(module, method, LISTEN_TIMEOUT);
    }

    public JsonNode expect(String module, String method, Duration wait) {
        return awaitFrame(item -> module.equals(item.path("module").asText(null))
                && method.equals(item.path("method").asText(null)), wait)
                .orElseThrow(() -> new AssertionError("no " + module + "/" + method + " within " + wait
                        + (isEnded() ? " (the connection ended: " + closeDescription() + ")" : "")
                        + "; received: " + receivedSoFar()));
    }

    /** Sends a request and waits for the reply with exactly its module and method ({@code sendAndListen}). */
    public JsonNode call(String module, String method, Object params) {
        send(module, method, params);
        return expect(module, method);
    }

    /** {@link #call} of module {@code chat}. */
    public JsonNode call(String method, Object params) {
        return call("chat", method, params);
    }

    /** Whether an item with exactly this module and method arrives within the wait (to check that none does). */
    public boolean receives(String module, String method, Duration within) {
        return awaitFrame(item -> module.equals(item.path("module").asText(null))
                && method.equals(item.path("method").asText(null)), within).isPresent();
    }

    /** Push packets are objects here (the 2.x client flattens arrays): matches them by method, ignoring case. */
    @Override
    public Optional<JsonNode> awaitPacket(java.util.function.Predicate<JsonNode> matching, Duration wait) {
        return awaitFrame(item -> item.isObject() && matching.test(item), wait);
    }

    /** The plaintexts of the frames received so far, and notes of frames that were not readable. */
    @Override
    protected List<String> receivedSoFar() {
        return frames().stream().map(text -> text.startsWith(MARK) ? text.substring(MARK.length()) : text).toList();
    }

    @Override
    protected void loggedIn(JsonNode response) {
        user = response.path("data");
        userId = user.path("id").asLong();
    }

    private void ended() {
        connectionEnded();
        closeFrame.complete(null);
        ended.complete(null);
    }

    /**
     * The close status the server sent (code and reason); null if the connection ended without a close frame.
     * Fails if the connection is still open after the wait.
     */
    public WebSocketCloseStatus awaitClose(Duration wait) {
        try {
            WebSocketCloseStatus status = closeFrame.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return status;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the 2.x connection within " + wait
                    + "; received: " + receivedSoFar());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String closeDescription() {
        WebSocketCloseStatus status = closeFrame.getNow(null);
        return status == null ? "no close frame" : status.code() + " " + status.reasonText();
    }

    /** The token of this login (the AES key). */
    public String token() {
        return token;
    }

    /** The user id once the login reply gave it, else null. */
    public Long userId() {
        return userId;
    }

    /** The {@code chat/SessionID} value once it arrived, else null. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
