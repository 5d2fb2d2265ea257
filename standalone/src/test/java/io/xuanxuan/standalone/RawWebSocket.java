package io.xuanxuan.standalone;

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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Random;

/**
 * A WebSocket client on a plain socket, for tests that must send what a well-behaved client library never
 * would: invalid UTF-8 in text frames, reserved bits, unknown opcodes, unmasked frames, stray continuation
 * frames, bad close codes. It does the RFC 6455 handshake, writes frames exactly as asked (masked unless
 * told otherwise), and reads the server's frames on the calling thread with bounded waits: a test learns
 * whether the server answered, closed with a close frame (and which code), reset the connection, or stayed
 * silent.
 */
public final class RawWebSocket implements AutoCloseable {

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

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random maskRandom;
    private final Deque<Incoming> pending = new ArrayDeque<>();
    private boolean closeReceived;
    private boolean ended;
    private int pongs;

    private RawWebSocket(Socket socket, Random maskRandom) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.maskRandom = maskRandom;
    }

    /** Connects to {@code ws://127.0.0.1:port/ws} and completes the handshake. */
    public static RawWebSocket connect(int port, Random maskRandom) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] keyBytes = new byte[16];
            maskRandom.nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
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
            return new RawWebSocket(socket, maskRandom);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot connect to port " + port, e);
        }
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
            frame.write(mask);
            body = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                body[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
        }
        frame.write(body);
        out.write(frame.toByteArray());
        out.flush();
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
