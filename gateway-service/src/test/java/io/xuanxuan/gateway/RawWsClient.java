package io.xuanxuan.gateway;

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
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes frame bytes itself, so that it can break the
 * protocol on purpose (RSV bits, invalid UTF-8, reserved close codes) and tell a close frame from a
 * TCP reset. Blocking; for tests only.
 */
final class RawWsClient implements AutoCloseable {

    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** A frame as read from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 if it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** How a connection ended, as the client saw it. */
    record Ending(Frame close, String how) {
        /** The server's close code, or -1 if the socket ended without a close frame. */
        int code() {
            return close != null ? close.closeCode() : -1;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawWsClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            RawWsClient client = new RawWsClient(socket);
            client.handshake(port);
            return client;
        } catch (IOException e) {
            throw new AssertionError("could not connect to the gateway", e);
        }
    }

    /** Opens a socket and sends the upgrade request; returns the HTTP status line and the body (no upgrade check). */
    static String[] tryUpgrade(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(upgradeRequest(port).getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());
            String body = "";
            if (!head.startsWith("HTTP/1.1 101")) {
                body = new String(socket.getInputStream().readNBytes(contentLength(head)), StandardCharsets.UTF_8);
            }
            return new String[] {head.lines().findFirst().orElse(""), body, head};
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int contentLength(String head) {
        return head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst().orElse(0);
    }

    private static String upgradeRequest(int port) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    private void handshake(int port) throws IOException {
        out.write(upgradeRequest(port).getBytes(StandardCharsets.US_ASCII));
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("upgrade refused: " + head);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended in the HTTP head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Writes one masked frame with the given first byte bits (FIN, RSV1-3) and opcode. */
    void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        try {
            out.write(frameBytes(fin, rsv, opcode, payload));
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("could not send", e);
        }
    }

    /** Writes several frames in one write (back to back, as a flood does). */
    void sendAll(byte[]... frames) {
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

    static byte[] frameBytes(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode);
        int length = payload.length;
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length < 65536) {
            frame.write(0x80 | 126);
            frame.write(length >>> 8);
            frame.write(length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    static byte[] text(String text) {
        return frameBytes(true, 0, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendText(String text) {
        sendFrame(true, 0, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        sendFrame(true, 0, OP_CLOSE, payload);
    }

    /** Reads the next frame (pings answered unless {@code answerPings} is false). */
    Frame read(boolean answerPings) throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((second & 0x80) != 0) {
                throw new IOException("the server masked a frame");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = first & 0x0F;
            if (opcode == OP_PING && answerPings) {
                sendFrame(true, 0, OP_PONG, payload);
                continue;
            }
            return new Frame(opcode, payload);
        }
    }

    /** The next text frame, skipping pings (answered). */
    String nextText() {
        try {
            while (true) {
                Frame frame = read(true);
                if (frame.opcode() == OP_TEXT) {
                    return frame.text();
                }
                if (frame.opcode() == OP_CLOSE) {
                    throw new AssertionError("closed by the server: " + frame.closeCode() + " " + frame.closeReason());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("no text frame", e);
        }
    }

    /**
     * Reads until the server's close frame, answers it, and reads on to the end of the stream. Says
     * how the socket ended: "close" (close frame, then end of stream), "reset" (a TCP reset, before or
     * after a close frame), "eof" (end of stream without close frame).
     */
    Ending awaitEnding(Duration timeout, boolean answerPings) {
        Frame close = null;
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            while (close == null) {
                Frame frame = read(answerPings);
                if (frame.opcode() == OP_CLOSE) {
                    close = frame;
                }
            }
            try {
                sendFrame(true, 0, OP_CLOSE, close.payload().length >= 2
                        ? new byte[] {close.payload()[0], close.payload()[1]} : new byte[0]);
            } catch (AssertionError peerGone) {
                // the server may have closed already
            }
            while (in.read() >= 0) {
                // the server closes after the close handshake
            }
            return new Ending(close, "close");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not end the connection within " + timeout
                    + (close != null ? " (close " + close.closeCode() + " received)" : ""));
        } catch (SocketException e) {
            return new Ending(close, "reset");
        } catch (EOFException e) {
            return new Ending(close, close != null ? "close" : "eof");
        } catch (IOException e) {
            return new Ending(close, "error " + e);
        }
    }

    Ending awaitEnding() {
        return awaitEnding(WsTestClient.TIMEOUT, true);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
