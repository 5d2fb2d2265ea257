package io.xuanxuan.testclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
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
 *
 * <p>It is the tests' one WebSocket client, in three modes: the default keeps every frame; with an
 * {@link Intake} (e.g. {@link GidRecorder}, for a thousand connections) it keeps only what the intake
 * answers, responses always; and {@link Raw} is the same client on a plain socket, for the suites that must
 * send what a well-behaved client library never would.
 *
 * <p>Two more options for the gateway's own tests ({@link #connect(int, long, boolean)}): a client that stops
 * reading after a number of frames until {@link #resume()}, and one that does not answer pings. Besides waiting
 * for the item it expects, a test may also read the items in order ({@link #next()}, {@link #nextFrame},
 * {@link #pending()}), as the gateway's tests do. How items are kept and read is {@link ProtocolClient}'s, the
 * same for {@link TcpClient}.
 */
public final class WsClient extends ProtocolClient {

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<WebSocketCloseStatus> closeFrame = new CompletableFuture<>();
    private final AtomicReference<Subscription> reading = new AtomicReference<>();
    private final Disposable connection;
    private volatile boolean closedByTest;
    private volatile int closeStatus = -1;

    private WsClient(int port, Intake intake, boolean awaitConnected, long initialDemand, boolean answerPings) {
        super(intake);
        Sinks.One<Boolean> connected = Sinks.one();
        // not pooled: the default pool allows 500 connections per address and would queue the rest
        this.connection = HttpClient.newConnection()
                // pings come to this handler (no automatic pong): a pong is sent only after every frame before
                // the ping was recorded, as the server's delivery receipts assume of a client; Reactor Netty's
                // automatic pong could still answer a ping after close() had dropped the frames before it
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).handlePing(true).build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    connected.tryEmitValue(true);
                    in.receiveCloseStatus().subscribe(status -> {
                        closeStatus = status.code();
                        closeFrame.complete(status);
                    }, closeFrame::completeExceptionally, () -> closeFrame.complete(null));
                    Sinks.Empty<Void> read = Sinks.empty();
                    in.aggregateFrames(MAX_FRAME).receiveFrames().subscribe(new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            reading.set(subscription);
                            subscription.request(initialDemand);
                        }

                        @Override
                        protected void hookOnNext(WebSocketFrame frame) {
                            if (frame instanceof TextWebSocketFrame text) {
                                received(text.content());
                            } else if (frame instanceof PingWebSocketFrame ping && answerPings) {
                                sendFrame(new PongWebSocketFrame(ping.content().retain()));
                            }
                        }

                        @Override
                        protected void hookFinally(reactor.core.publisher.SignalType type) {
                            read.tryEmitEmpty();
                        }
                    });
                    Mono<Void> writing = out.sendObject(outbound.asFlux()).then();
                    return Mono.when(read.asMono(), writing);
                })
                .doFinally(signal -> markClosed())
                .subscribe(ignored -> { }, error -> markClosed());
        if (awaitConnected && connected.asMono().block(TIMEOUT) == null) {
            throw new AssertionError("could not connect to port " + port + " within " + TIMEOUT);
        }
    }

    /**
     * A connection that reads only {@code initialDemand} frames until {@link #resume()} (a client that stops
     * reading), and with {@code answerPings} false never answers a ping (a client that does not answer).
     */
    public static WsClient connect(int port, long initialDemand, boolean answerPings) {
        return new WsClient(port, EVERYTHING, true, initialDemand, answerPings);
    }

    public static WsClient connect(int port) {
        return connect(port, Long.MAX_VALUE, true);
    }

    /** A connection for the suites that send malformed frames: the same client on a plain socket. */
    public static Raw raw(int port, Random maskRandom) {
        return Raw.connect(port, maskRandom);
    }

    /**
     * Connects with an intake and logs in without blocking (a thousand connections log in from a few
     * threads, and a reconnect starts on an event loop); completes when the response and the {@code getList}
     * push arrived, fails when the login fails or the connection ends first.
     */
    public static CompletableFuture<WsClient> loginAsync(int port, String account, String password, Intake intake) {
        WsClient client = new WsClient(port, intake, false, Long.MAX_VALUE, true);
        return client.loginAsync(client, account,
                client.named("login", "account", account, "password", md5(password), "status", "online"));
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

    /** The hex MD5 a client sends as its password. */
    public static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }

    /** A raw connection with random masks. */
    public static Raw raw(int port) {
        return raw(port, new Random());
    }

    /** The default wait of this client's blocking reads ({@link #TIMEOUT} unless set). */
    public WsClient withTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    private void markClosed() {
        connectionEnded();
        closeFrame.complete(null);
        ended.complete(null);
    }

    @Override
    public void sendRaw(String text) {
        sendFrame(new TextWebSocketFrame(text));
    }

    /** Sends one frame as given (pongs are sent from the event loop too: emissions are serialized by retrying). */
    public void sendFrame(WebSocketFrame frame) {
        outbound.emitNext(frame, Sinks.EmitFailureHandler.busyLooping(TIMEOUT));
    }

    public void sendBinary(byte[] bytes) {
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** Lets a client that stopped reading ({@link #connect(int, long, boolean)}) read everything. */
    public void resume() {
        reading.get().request(Long.MAX_VALUE);
    }

    /** The close status the server sent (null if the connection ended without a close frame). */
    public WebSocketCloseStatus awaitClose() {
        return awaitClose(timeout);
    }

    public WebSocketCloseStatus awaitClose(Duration wait) {
        try {
            WebSocketCloseStatus status = closeFrame.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            awaitEnd(wait);
            return status;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + wait);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public void awaitEnd(Duration wait) {
        try {
            ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the connection did not end within " + wait);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public boolean isClosed() {
        return isEnded();
    }

    public int closeStatus() {
        return closeStatus;
    }

    /** Completes when the connection has ended, whoever ended it. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Whether the test closed it (an end it did not ask for is the server's). */
    public boolean closedByTest() {
        return closedByTest;
    }

    @Override
    public void close() {
        closedByTest = true;
        outbound.tryEmitComplete();
        connection.dispose();
    }

    /**
     * A WebSocket client on a plain socket, for tests that must send what a well-behaved client library never
     * would: invalid UTF-8 in text frames, reserved bits, unknown opcodes, unmasked frames, stray continuation
     * frames, bad close codes. It does the RFC 6455 handshake, writes frames exactly as asked (masked unless
     * told otherwise), and reads the server's frames on the calling thread with bounded waits: a test learns
     * whether the server answered, closed with a close frame (and which code), reset the connection, or stayed
     * silent.
     */
    public static final class Raw implements AutoCloseable {

        public static final int CONTINUATION = 0x0;
        public static final int TEXT = 0x1;
        public static final int BINARY = 0x2;
        public static final int CLOSE = 0x8;
        public static final int PING = 0x9;
        public static final int PONG = 0xA;

        /** What reading the next data frame gave. */
        public sealed interface Incoming permits Text, Closed, Ended, Silent {
        }

        /** A text message (fragments joined). */
        public record Text(String text) implements Incoming {
        }

        /** The server sent a close frame; {@code code} is -1 when it carried none. */
        public record Closed(int code, String reason) implements Incoming {
        }

        /** The TCP connection ended without a close frame: reset ({@code reset}) or end of stream. */
        public record Ended(boolean reset, String detail) implements Incoming {
        }

        /** Nothing arrived within the wait. */
        public record Silent() implements Incoming {
        }

        /**
         * How a connection ended, as {@link #awaitEnding} saw it: the server's close frame (null if none) and
         * "close" (close frame, then end of stream), "reset" (a TCP reset, before or after a close frame), "eof"
         * (end of stream without a close frame) or "error ..." (the server broke the framing).
         */
        public record Ending(Closed close, String how) {
            /** The server's close code, or -1 if the socket ended without a close frame. */
            public int code() {
                return close != null ? close.code() : -1;
            }
        }

        /** What a WebSocket upgrade got: the status line, the body of a refusal, and the whole response head. */
        public record Upgrade(String statusLine, String body, String head) {
        }

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Random maskRandom;
        private final Deque<Incoming> pending = new ArrayDeque<>();
        private boolean closeReceived;
        private boolean ended;
        private int pongs;

        private Raw(Socket socket, Random maskRandom) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.maskRandom = maskRandom;
        }

        /** Connects to {@code ws://127.0.0.1:port/ws} and completes the handshake. */
        private static Raw connect(int port, Random maskRandom) {
            try {
                Socket socket = socket(port);
                byte[] keyBytes = new byte[16];
                maskRandom.nextBytes(keyBytes);
                String key = Base64.getEncoder().encodeToString(keyBytes);
                String head = handshake(socket, port, key);
                if (!head.startsWith("HTTP/1.1 101")) {
                    socket.close();
                    throw new IllegalStateException("no WebSocket upgrade: " + head);
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                if (!head.toLowerCase().contains("sec-websocket-accept: " + accept.toLowerCase())) {
                    socket.close();
                    throw new IllegalStateException("wrong Sec-WebSocket-Accept: " + head);
                }
                return new Raw(socket, maskRandom);
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot connect to port " + port, e);
            }
        }

        /** Asks for a WebSocket upgrade and reads the answer (the body only of a refusal); closes the socket. */
        public static Upgrade tryUpgrade(int port) {
            byte[] keyBytes = new byte[16];
            ThreadLocalRandom.current().nextBytes(keyBytes);
            try (Socket socket = socket(port)) {
                String head = handshake(socket, port, Base64.getEncoder().encodeToString(keyBytes));
                String body = "";
                if (!head.startsWith("HTTP/1.1 101")) {
                    body = new String(socket.getInputStream().readNBytes(contentLength(head)), StandardCharsets.UTF_8);
                }
                return new Upgrade(head.lines().findFirst().orElse(""), body, head);
            } catch (IOException e) {
                throw new AssertionError("cannot ask port " + port + " for an upgrade", e);
            }
        }

        private static int contentLength(String head) {
            return head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElse(0);
        }

        /**
         * The HTTP status a WebSocket upgrade gets (101 when the server accepts; the connection is then closed
         * at once), e.g. 503 while a gateway drains.
         */
        public static int upgradeStatus(int port) {
            try (Socket socket = socket(port)) {
                String head = handshake(socket, port, Base64.getEncoder().encodeToString(new byte[16]));
                String[] statusLine = head.split(" ", 3);
                return Integer.parseInt(statusLine[1]);
            } catch (IOException e) {
                throw new IllegalStateException("cannot ask port " + port + " for an upgrade", e);
            }
        }

        private static Socket socket(int port) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            return socket;
        }

        /** Sends the upgrade request and answers the response head. */
        private static String handshake(Socket socket, int port, String key) throws IOException {
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readHead(socket.getInputStream());
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection ended in the handshake: " + head);
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** A text frame, one piece, masked. */
        public void sendText(String text) throws IOException {
            sendFrame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
        }

        /**
         * One frame exactly as given.
         *
         * @param fin    the FIN bit
         * @param rsv    the three reserved bits (0..7)
         * @param opcode 0..15
         * @param masked whether to mask (a client must; the server must close on an unmasked frame)
         */
        public void sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
            out.write(frameBytes(fin, rsv, opcode, payload, masked, maskRandom));
            out.flush();
        }

        /** A masked text frame's bytes, for {@link #sendAll}. */
        public static byte[] text(String text) {
            return frameBytes(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true, ThreadLocalRandom.current());
        }

        /** Writes several frames in one write (back to back, as a flood does); the server may close meanwhile. */
        public void sendAll(byte[]... frames) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] frame : frames) {
                all.writeBytes(frame);
            }
            try {
                out.write(all.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server may close while we write: what it sent before is still read by awaitEnding
            }
        }

        /** A close frame with a status code and a reason. */
        public void sendClose(int code, String reason) throws IOException {
            byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + reasonBytes.length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
            sendFrame(true, 0, CLOSE, payload, true);
        }

        private static byte[] frameBytes(boolean fin, int rsv, int opcode, byte[] payload, boolean masked,
                Random maskRandom) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
            frame.write((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xF));
            int maskBit = masked ? 0x80 : 0;
            if (payload.length < 126) {
                frame.write(maskBit | payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.write(maskBit | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(maskBit | 127);
                long length = payload.length;
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) (length >>> shift) & 0xFF);
                }
            }
            byte[] body = payload;
            if (masked) {
                byte[] mask = new byte[4];
                maskRandom.nextBytes(mask);
                frame.writeBytes(mask);
                body = new byte[payload.length];
                for (int i = 0; i < payload.length; i++) {
                    body[i] = (byte) (payload[i] ^ mask[i & 3]);
                }
            }
            frame.writeBytes(body);
            return frame.toByteArray();
        }

        /** A close frame with a status code (and no reason). */
        public void sendClose(int code) throws IOException {
            sendFrame(true, 0, CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, true);
        }

        /**
         * The next text message, a close, the end of the connection, or {@link Silent} after the wait. Pings are
         * answered with pongs on the way; pongs (answers to this client's pings) are counted.
         */
        public Incoming next(Duration wait) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (ended) {
                return new Ended(false, "already ended");
            }
            long deadline = System.nanoTime() + wait.toNanos();
            ByteArrayOutputStream message = null;
            try {
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return new Silent();
                    }
                    socket.setSoTimeout((int) Math.max(1, left));
                    int b0 = in.readUnsignedByte();
                    // the rest of a frame that has begun must come soon
                    socket.setSoTimeout(10_000);
                    int b1 = in.readUnsignedByte();
                    long length = b1 & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    if ((b1 & 0x80) != 0) {
                        return end(new Ended(false, "server frame masked"));
                    }
                    if (length > 64 * 1024 * 1024) {
                        return end(new Ended(false, "server frame of " + length + " bytes"));
                    }
                    byte[] payload = new byte[(int) length];
                    in.readFully(payload);
                    int opcode = b0 & 0x0F;
                    boolean fin = (b0 & 0x80) != 0;
                    switch (opcode) {
                        case PING -> sendFrame(true, 0, PONG, payload, true);
                        case PONG -> pongs++;
                        case CLOSE -> {
                            closeReceived = true;
                            int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
                            String reason = payload.length > 2
                                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                            // answer the close as a client should, then let the server end the TCP connection
                            try {
                                sendFrame(true, 0, CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0], true);
                            } catch (IOException ignored) {
                                // the server may already have gone: the close frame it sent is what counts
                            }
                            return end(new Closed(code, reason));
                        }
                        case TEXT, BINARY -> {
                            message = new ByteArrayOutputStream();
                            message.write(payload);
                            if (fin) {
                                return new Text(message.toString(StandardCharsets.UTF_8));
                            }
                        }
                        case CONTINUATION -> {
                            if (message == null) {
                                return end(new Ended(false, "server sent a stray continuation frame"));
                            }
                            message.write(payload);
                            if (fin) {
                                return new Text(message.toString(StandardCharsets.UTF_8));
                            }
                        }
                        default -> {
                            return end(new Ended(false, "server sent opcode " + opcode));
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                return new Silent();
            } catch (SocketException e) {
                return end(new Ended(true, e.toString()));
            } catch (EOFException e) {
                return end(new Ended(false, "end of stream without a close frame"));
            } catch (IOException e) {
                return end(new Ended(true, e.toString()));
            }
        }

        /** The next text message; fails on a close, the end of the connection or silence within the wait. */
        public String nextText(Duration wait) {
            Incoming incoming = next(wait);
            if (incoming instanceof Text text) {
                return text.text();
            }
            throw new AssertionError("no text frame within " + wait + ": " + incoming);
        }

        /**
         * Reads (pings answered, messages skipped) until the server's close frame, answers it, and reads on to the
         * end of the stream; says how the socket ended ({@link Ending}).
         */
        public Ending awaitEnding(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            Closed close = null;
            while (close == null) {
                Incoming incoming = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (incoming instanceof Closed closed) {
                    close = closed;
                } else if (incoming instanceof Ended end) {
                    return new Ending(null, end.reset() ? "reset"
                            : end.detail().startsWith("end of stream") ? "eof" : "error " + end.detail());
                } else if (incoming instanceof Silent) {
                    throw new AssertionError("the server did not end the connection within " + wait);
                }
            }
            try {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                while (in.read() >= 0) {
                    // the server closes after the close handshake
                }
                return new Ending(close, "close");
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not end the connection within " + wait
                        + " (close " + close.code() + " received)");
            } catch (IOException e) {
                return new Ending(close, "reset");
            }
        }

        private Incoming end(Incoming how) {
            ended = true;
            return how;
        }

        /** After a close frame: whether the server then ended the TCP connection (end of stream) within the wait. */
        public boolean awaitEndOfStream(Duration wait) {
            try {
                socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // frames after the close frame are ignored (RFC 6455 5.5.1)
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // a reset after the close handshake: the close itself was clean
                return true;
            }
        }

        public boolean closeReceived() {
            return closeReceived;
        }

        public int pongs() {
            return pongs;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
