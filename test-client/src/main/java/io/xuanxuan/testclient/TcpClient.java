package io.xuanxuan.testclient;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tests' client of the legacy TCP transport (PROTOCOL.md sections 1 and 10): a plain socket that writes one
 * JSON value per {@code \n}-terminated line and reads the server's lines on a thread of its own, as the 1.0
 * desktop client does.
 *
 * <p>Same model and method names as {@link WsClient}, so a suite can take either: what it received is kept as
 * <em>items</em> in order (a response or a single-object notice as it came, each packet of a push array as a
 * one-packet array), {@link #request} sends and waits for the response, {@link #push} waits for a push packet,
 * {@link #next} reads items in order, {@link #nextFrame} a line whole; {@link #loginAsync} logs many in at once
 * with an {@link Intake} (each line is one text for the intake). What only a raw socket can do: {@link #sendBytes} (half a line, several
 * lines at once, a line without end), a client that never reads ({@link #connect(int, boolean)}), and
 * {@link #awaitEnd} (the server closed the socket).
 */
public final class TcpClient extends ProtocolClient {

    /** The longest line this client takes from the server (larger is a test failure, not a server's right). */
    private static final int MAX_LINE = 16 * 1024 * 1024;

    /** The stack of a reading thread: it only reads lines and hands them on (a thousand clients, a thread each). */
    private static final long READER_STACK = 256 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private volatile String endedBy;

    private TcpClient(int port, boolean reading, Intake intake) {
        this(port, reading, !reading, intake);
    }

    private TcpClient(int port, boolean reading, boolean smallWindow, Intake intake) {
        super(intake);
        try {
            socket = new Socket();
            if (smallWindow) {
                // a small window: the server's writes stop completing soon
                socket.setReceiveBufferSize(4096);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to TCP port " + port, e);
        }
        if (reading) {
            startReading();
        }
    }

    /** Starts reading (a client connected with {@code reading} false that begins to read). */
    public void startReading() {
        Thread reader = new Thread(null, this::read, "tcp-client-" + socket.getLocalPort(), READER_STACK);
        reader.setDaemon(true);
        reader.start();
    }

    public static TcpClient connect(int port) {
        return new TcpClient(port, true, EVERYTHING);
    }

    /** With {@code reading} false: a client that never reads what the server writes. */
    public static TcpClient connect(int port, boolean reading) {
        return new TcpClient(port, reading, EVERYTHING);
    }

    /**
     * A client that does not read, with the usual receive window: what the server writes is taken by this
     * machine's socket (the server's writes complete) and stays unread, as in a client that hangs or crashes.
     */
    public static TcpClient connectNotReading(int port) {
        return new TcpClient(port, false, false, EVERYTHING);
    }

    /**
     * Connects with an intake and logs in as the 1.0 client does, without waiting for the answer (many
     * connections log in at once); completes when the response and the {@code getList} push arrived, fails when
     * the login fails or the connection ends first. The connect itself is a blocking socket connect.
     */
    public static CompletableFuture<TcpClient> loginAsync(int port, String account, String password, Intake intake) {
        TcpClient client = new TcpClient(port, true, intake);
        return client.loginAsync(client, account, client.positional("login", account, WsClient.md5(password), "online"));
    }

    /** Connects and logs in as the 1.0 client does (positional params); waits for the response and {@code getList}. */
    public static TcpClient login(int port, String account, String password) {
        TcpClient client = connect(port);
        JsonNode response = client.request(client.positional("login", account, WsClient.md5(password), "online"));
        if (!"success".equals(response.path("result").asText())) {
            throw new AssertionError("login of " + account + " failed: " + response);
        }
        client.push("getList");
        return client;
    }

    public TcpClient withTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    private void read() {
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        received(Unpooled.wrappedBuffer(line.toByteArray()));
                        line.reset();
                    } else if (line.size() >= MAX_LINE) {
                        throw new IOException("server line over " + MAX_LINE + " bytes");
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
            ended("end of stream" + (line.size() > 0 ? " after an unterminated line" : ""));
            close(); // the server closed: so does a client
        } catch (IOException e) {
            ended(e.toString());
        }
    }

    private void ended(String how) {
        endedBy = how;
        connectionEnded();
    }

    /** Sends one JSON value as a line. */
    @Override
    public void sendRaw(String json) {
        sendBytes((json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as given (no newline added): half a line, several lines, a line that never ends. */
    public void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write: " + e, e);
        }
    }

    /** Every line received so far, as it came. */
    public List<String> lines() {
        return frames();
    }

    /** Waits until the server ended the connection (end of stream or reset); false if it is still open. */
    public boolean awaitEnd(Duration wait) {
        return awaitClosed(wait);
    }

    /**
     * Waits until the connection ended (a TCP connection has no close frame: closed is ended, by end of stream or
     * reset) and answers how ({@link #endedBy()}); fails if it is still open after the default wait.
     */
    public String awaitClose() {
        return awaitClose(timeout);
    }

    public String awaitClose(Duration wait) {
        if (!awaitClosed(wait)) {
            throw new AssertionError("the server did not close the connection within " + wait);
        }
        return endedBy;
    }

    /** How the connection ended (null while open). */
    public String endedBy() {
        return endedBy;
    }

    /** For a client that never reads: whether the server closed (a write fails, or the socket is reset). */
    public boolean socketClosedByServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] probe = "{}\n".getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() < deadline) {
            try {
                out.write(probe);
                out.flush();
                Thread.sleep(50);
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Drops the connection as a crashing client's machine does: a reset, what it had not read is lost. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        close();
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
