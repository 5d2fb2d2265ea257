package io.xuanxuan.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throws generated frames at a running server over real WebSocket connections ({@link WsClient.Raw}) and
 * checks what comes back, frame by frame: every frame the server can answer gets a well-formed answer (a
 * JSON object with {@code result} success/fail/denied, and for fail/denied a message), and a frame that
 * breaks the connection gets a close frame with a proper code followed by the end of the TCP connection:
 * never a reset, never silence (every wait is bounded).
 *
 * <p>Each worker thread runs sessions one after another, as its own account: a session is one connection,
 * before or after login, with a few dozen "ordinary" cases sent in lock step (send, read the answer) and
 * usually one "terminal" case at its end (one the server may close the connection on: invalid UTF-8,
 * oversized or broken frames, bad close codes, logout). Everything is drawn from one seeded
 * {@link Random} per worker, so a seed reproduces a run's frames.
 *
 * <p>Over the 1.0 client's TCP door ({@link ProtocolTestSupport#transport()} TCP) the same cases go as lines
 * ({@link TcpLines}): a text frame is a line (raw line breaks in generated text become spaces), a fragmented
 * message is one line written in pieces, and the cases that only WebSocket framing can express (binary frames,
 * reserved bits, opcodes, masks, control frames, close codes) are not generated. There is no close frame, so
 * every case is answered (the TCP door reads invalid UTF-8 with replacement characters and answers it), and a
 * case the server may close on (logout, a line over the limit) may be followed by the end of the stream, never
 * by a reset.
 *
 * <p>The method table below is PROTOCOL.md section 5 (with the types of each parameter);
 * {@link FuzzProtocolSuite} checks it against {@code shared-model}'s {@code Methods}.
 */
public final class ProtocolFuzzer {

    /** The JSON type a parameter has in PROTOCOL.md section 5. */
    enum Kind { STRING, INT, BOOL, INTS, ANY, MESSAGES, STRING_OR_INTS }

    record Param(String name, Kind kind) {
    }

    record Method(String module, String name, List<Param> params) {
    }

    /** PROTOCOL.md section 5: every method and its params in positional order. */
    static final List<Method> METHODS = List.of(
            chat("login", p("account", Kind.STRING), p("password", Kind.STRING), p("status", Kind.STRING)),
            chat("logout"),
            chat("ping"),
            chat("userGetlist"),
            chat("getList", p("userId", Kind.INT)),
            chat("userChangeName", p("name", Kind.STRING)),
            chat("userChangeStatus", p("status", Kind.STRING)),
            chat("create", p("gid", Kind.STRING), p("name", Kind.STRING), p("type", Kind.STRING),
                    p("members", Kind.INTS), p("subject", Kind.INT), p("public", Kind.BOOL)),
            chat("joinchat", p("gid", Kind.STRING), p("join", Kind.BOOL)),
            chat("changename", p("gid", Kind.STRING), p("name", Kind.STRING)),
            chat("changepublic", p("gid", Kind.STRING), p("public", Kind.BOOL)),
            chat("star", p("gid", Kind.STRING), p("star", Kind.BOOL)),
            chat("hide", p("gid", Kind.STRING), p("hide", Kind.BOOL)),
            chat("mute", p("gid", Kind.STRING), p("mute", Kind.BOOL)),
            chat("addmember", p("gid", Kind.STRING), p("members", Kind.INTS), p("join", Kind.BOOL)),
            chat("message", p("messages", Kind.MESSAGES)),
            chat("history", p("gid", Kind.STRING), p("recPerPage", Kind.INT), p("pageID", Kind.INT),
                    p("recTotal", Kind.INT), p("continued", Kind.BOOL), p("startDate", Kind.INT)),
            chat("members", p("gid", Kind.STRING)),
            chat("getPublicList"),
            chat("setAdmin", p("gid", Kind.STRING), p("admins", Kind.INTS), p("isAdmin", Kind.BOOL)),
            chat("setCommitters", p("gid", Kind.STRING), p("committers", Kind.STRING_OR_INTS)),
            chat("settings", p("account", Kind.STRING), p("settings", Kind.ANY)),
            // the 2.x clients' (README, "Beyond PROTOCOL.md")
            chat("dismiss", p("gid", Kind.STRING)),
            chat("category", p("gids", Kind.ANY), p("name", Kind.STRING)),
            new Method("attach", "getList", List.of(p("gid", Kind.STRING))));

    /** The fields of a Message (PROTOCOL.md section 3) a client sends. */
    static final List<Param> MESSAGE_FIELDS = List.of(p("gid", Kind.STRING), p("cgid", Kind.STRING),
            p("user", Kind.INT), p("date", Kind.INT), p("type", Kind.STRING), p("contentType", Kind.STRING),
            p("content", Kind.STRING));

    private static Method chat(String name, Param... params) {
        return new Method("chat", name, List.of(params));
    }

    private static Param p(String name, Kind kind) {
        return new Param(name, kind);
    }

    /**
     * What the server may do with a case: answer it, close with one of the codes (null: any code), or (only
     * where said) end the TCP connection without a close frame (an orderly end of stream, never a reset).
     */
    record Allowed(boolean mayAnswer, Set<Integer> closeCodes, boolean mayEndWithoutClose) {
        static Allowed answer() {
            return new Allowed(true, Set.of(), false);
        }

        static Allowed close(Integer... codes) {
            return new Allowed(false, Set.of(codes), false);
        }

        static Allowed answerOrClose(Integer... codes) {
            return new Allowed(true, Set.of(codes), false);
        }

        /** Whether the server may end the connection on this case (with some close code, or without a close frame). */
        boolean mayClose() {
            return closeCodes == null || !closeCodes.isEmpty() || mayEndWithoutClose;
        }

        boolean allowsClose(int code) {
            return closeCodes == null || closeCodes.contains(code);
        }
    }

    /** One generated case: a category, the frames to write, what the server may do. */
    record Case(String category, List<Frame> frames, Allowed allowed, String description) {
    }

    record Frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        static Frame text(String text) {
            return new Frame(true, 0, WsClient.Raw.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /**
     * The current server (before the gateway fixes of issue 10 item 11) answers invalid UTF-8 with {@code fail}
     * and ignores RSV bits; the correct behaviour is a close with 1007 and 1002. Both are accepted here, the
     * report shows which one happened.
     */
    static final Allowed INVALID_UTF8 = Allowed.answerOrClose(1007);
    static final Allowed RSV_BITS = Allowed.answerOrClose(1002);
    /**
     * RFC 6455 7.4: a close code a peer must not send (0-999, 1004-1006, 1015, 1016-2999, 5000 and up) should be
     * answered with 1002. The current server echoes some and ends the connection without a close frame on
     * others (RFC 6455 7.1.7 says SHOULD send a close frame); any orderly end is accepted here, the report
     * shows which.
     */
    static final Allowed INVALID_CLOSE_CODE = new Allowed(false, null, true);
    static final Allowed VALID_CLOSE_CODE = new Allowed(false, null, false);

    private final ProtocolTestSupport server;
    private final boolean tcp;
    private final long seed;
    private final int frameBudget;
    private final String runTag;
    private final AtomicInteger generated = new AtomicInteger();
    private final LongAdder wireFrames = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failureCount = new AtomicInteger();
    /** "method.field before/after login" that were sent with a value of a wrong type. */
    private final Set<String> wrongTypeCoverage = ConcurrentHashMap.newKeySet();
    private final List<int[]> paramCycle;
    private final AtomicInteger beforeLoginNext = new AtomicInteger();
    private final AtomicInteger afterLoginNext = new AtomicInteger();

    public ProtocolFuzzer(ProtocolTestSupport server, long seed, int frameBudget) {
        this.server = server;
        this.tcp = server.transport() == ProtocolTestSupport.Transport.TCP;
        this.seed = seed;
        this.frameBudget = frameBudget;
        this.runTag = Long.toString(seed & 0xFFFFFFFFL, 36);
        this.paramCycle = Generator.paramCycle(new Random(seed));
    }

    /** Runs the workers (one account each) until the frame budget is spent. */
    public void run(List<String> accounts) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < accounts.size(); w++) {
            Worker worker = new Worker(w, accounts.get(w), new Random(seed + 7919L * w));
            Thread thread = new Thread(worker, "fuzz-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    public int generated() {
        return generated.get();
    }

    public long wireFrames() {
        return wireFrames.sum();
    }

    public long connections() {
        return connections.sum();
    }

    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Every "module/method.param before|after login" sent with a wrong type at least once. */
    public Set<String> wrongTypeCoverage() {
        return Set.copyOf(wrongTypeCoverage);
    }

    /** What {@link #wrongTypeCoverage()} must hold: every param of every method (login and logout before login only). */
    public static Set<String> wrongTypeTargets() {
        Set<String> targets = new java.util.TreeSet<>();
        for (Method m : METHODS) {
            for (Param param : m.params()) {
                targets.add(m.module() + "/" + m.name() + "." + param.name() + " before login");
                if (!m.name().equals("login")) {
                    targets.add(m.module() + "/" + m.name() + "." + param.name() + " after login");
                }
            }
        }
        for (Param field : MESSAGE_FIELDS) {
            targets.add("chat/message.messages[]." + field.name() + " before login");
            targets.add("chat/message.messages[]." + field.name() + " after login");
        }
        return targets;
    }

    public int failureCount() {
        return failureCount.get();
    }

    /** Per category: cases, and how they ended (answer:result, close:code, ...). */
    public String table() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(outcomes).forEach((category, byOutcome) -> {
            long total = byOutcome.entrySet().stream().filter(e -> !e.getKey().startsWith("+"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            long spent = nanos.getOrDefault(category, new LongAdder()).sum();
            out.append(String.format(Locale.ROOT, "  %-34s %6d %6.1f ms/case ", category, total,
                    total == 0 ? 0 : spent / 1e6 / total));
            new TreeMap<>(byOutcome).forEach((outcome, n) -> out.append(' ').append(outcome).append('=').append(n.sum()));
            out.append('\n');
        });
        return out.toString();
    }

    private void count(String category, String outcome) {
        outcomes.computeIfAbsent(category, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    private void fail(Case c, String what) {
        count(c.category(), "FAILED");
        failureCount.incrementAndGet();
        if (failures.size() < 30) {
            String frames = c.frames().isEmpty() ? "" : c.frames().stream()
                    .map(f -> "[op " + f.opcode() + (f.fin() ? "" : " nofin") + (f.rsv() != 0 ? " rsv " + f.rsv() : "")
                            + (f.masked() ? "" : " unmasked") + " " + f.payload().length + " B: "
                            + abbreviate(new String(f.payload(), StandardCharsets.UTF_8)) + "]")
                    .reduce((a, b) -> a + " " + b).orElse("");
            failures.add(c.category() + " (" + c.description() + "): " + what + "; frames " + frames);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 120) + "...(" + text.length() + " chars)..." + text.substring(text.length() - 30);
    }

    // ------------------------------------------------------------------ a worker: sessions one after another

    private final class Worker implements Runnable {
        private final int number;
        private final String account;
        private final Random random;
        private final Generator gen;

        Worker(int number, String account, Random random) {
            this.number = number;
            this.account = account;
            this.random = random;
            this.gen = new Generator(random, "fz" + runTag + "w" + number, wrongTypeCoverage, paramCycle,
                    beforeLoginNext, afterLoginNext, tcp);
        }

        @Override
        public void run() {
            while (generated.get() < frameBudget) {
                try {
                    session();
                } catch (RuntimeException | IOException e) {
                    failureCount.incrementAndGet();
                    failures.add("worker " + number + ": session broke: " + e);
                    return;
                }
            }
        }

        private void session() throws IOException {
            boolean loggedIn = random.nextInt(10) < 6;
            connections.increment();
            try (Wire ws = tcp ? new TcpLines(server.nextTcpPort()) : new WebSocketFrames(WsClient.raw(server.nextPort(), random))) {
                String sid = null;
                if (loggedIn) {
                    sid = login(ws);
                    if (sid == null) {
                        return;
                    }
                }
                int ordinary = 10 + random.nextInt(60);
                for (int i = 0; i < ordinary && generated.get() < frameBudget; i++) {
                    Case c = gen.ordinary(sid);
                    generated.incrementAndGet();
                    if (!ordinaryCase(ws, c)) {
                        return;
                    }
                }
                Case last = random.nextInt(10) < 7 ? gen.terminal(sid) : null;
                if (last != null) {
                    generated.incrementAndGet();
                    terminalCase(ws, last);
                } else {
                    closeNormally(ws, new Case("normal-close", List.of(), Allowed.close(1000), "client close 1000"));
                }
            }
        }

        /** Logs in as the worker's account; the sid, or null (counted as a failure). */
        private String login(Wire ws) throws IOException {
            String request = "{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"" + account + "\",\""
                    + WsClient.md5("123456") + "\",\"online\"]}";
            write(ws, Frame.text(request));
            Case login = new Case("login", List.of(Frame.text(request)), Allowed.answer(), "the worker's login");
            while (true) {
                WsClient.Raw.Incoming in = ws.next(WsClient.TIMEOUT);
                if (in instanceof WsClient.Raw.Text text) {
                    JsonNode node = parse(text.text());
                    if (node != null && node.isObject() && node.has("result")) {
                        if (!"success".equals(node.path("result").asText())) {
                            fail(login, "login refused: " + text.text());
                            return null;
                        }
                        gen.self = node.path("data").path("id").asLong();
                        String sid = node.path("sid").asText();
                        if (!gen.groupCreated) {
                            gen.groupCreated = true;
                            write(ws, Frame.text(gen.request("chat", "create", sid,
                                    "[\"" + gen.ownGroup + "\",\"fuzz group\",\"group\",[" + gen.self + "],0,false]")));
                            awaitAnswer(ws, new Case("setup", List.of(), Allowed.answer(), "create own group"));
                        }
                        return sid;
                    }
                } else {
                    fail(login, "no login answer: " + in);
                    return null;
                }
            }
        }

        private void write(Wire ws, Frame frame) throws IOException {
            wireFrames.increment();
            ws.write(frame);
        }

        /** Sends an ordinary case and reads its answer; false when the session cannot go on. */
        private boolean ordinaryCase(Wire ws, Case c) throws IOException {
            long started = System.nanoTime();
            try {
                return sendAndAwait(ws, c);
            } finally {
                nanos.computeIfAbsent(c.category(), k -> new LongAdder()).add(System.nanoTime() - started);
            }
        }

        private boolean sendAndAwait(Wire ws, Case c) throws IOException {
            try {
                for (Frame frame : c.frames()) {
                    write(ws, frame);
                }
            } catch (IOException e) {
                fail(c, "write failed: " + e);
                return false;
            }
            return awaitAnswer(ws, c);
        }

        /** Reads up to the next response (pushes are checked and skipped); false when the session is over. */
        private boolean awaitAnswer(Wire ws, Case c) throws IOException {
            while (true) {
                WsClient.Raw.Incoming in = ws.next(WsClient.TIMEOUT);
                if (in instanceof WsClient.Raw.Text text) {
                    JsonNode node = parse(text.text());
                    if (node != null && node.isArray() && isPush(node)) {
                        continue;
                    }
                    String problem = answerProblem(node);
                    if (problem != null) {
                        fail(c, problem + ": " + abbreviate(text.text()));
                        return true;
                    }
                    count(c.category(), "answer:" + node.path("result").asText());
                    return true;
                } else if (in instanceof WsClient.Raw.Closed closed) {
                    closedAfter(ws, c, closed);
                    return false;
                } else if (in instanceof WsClient.Raw.Ended ended) {
                    fail(c, ended.reset() ? "connection reset: " + ended.detail() : "ended: " + ended.detail());
                    return false;
                } else {
                    fail(c, "no answer within " + WsClient.TIMEOUT.toSeconds() + " s");
                    return false;
                }
            }
        }

        /** A terminal case: the server may answer (then the client closes) or close. */
        private void terminalCase(Wire ws, Case c) throws IOException {
            long started = System.nanoTime();
            try {
                sendTerminal(ws, c);
            } finally {
                nanos.computeIfAbsent(c.category(), k -> new LongAdder()).add(System.nanoTime() - started);
            }
        }

        private void sendTerminal(Wire ws, Case c) throws IOException {
            try {
                for (Frame frame : c.frames()) {
                    write(ws, frame);
                }
            } catch (IOException e) {
                // the server may close in the middle of a multi-frame case: what it sent is read below
                count(c.category(), "+write-after-close");
            }
            boolean answered = false;
            while (true) {
                WsClient.Raw.Incoming in = ws.next(answered ? Duration.ofMillis(100) : WsClient.TIMEOUT);
                if (in instanceof WsClient.Raw.Text text) {
                    JsonNode node = parse(text.text());
                    if (node != null && node.isArray() && isPush(node)) {
                        continue;
                    }
                    String problem = answerProblem(node);
                    if (problem != null) {
                        fail(c, problem + ": " + abbreviate(text.text()));
                        return;
                    }
                    if (!c.allowed().mayAnswer() && !answered) {
                        fail(c, "answered instead of closing: " + abbreviate(text.text()));
                        return;
                    }
                    if (!answered) {
                        count(c.category(), "answer:" + node.path("result").asText());
                        answered = true;
                    }
                } else if (in instanceof WsClient.Raw.Closed closed) {
                    if (answered) {
                        // closed after its answer (logout): the close must still be proper
                        count(c.category(), "+then-close:" + closed.code());
                        if (closed.code() != 1000 || !ws.awaitEndOfStream(WsClient.TIMEOUT)) {
                            fail(c, "after the answer, close " + closed.code());
                        }
                    } else {
                        closedAfter(ws, c, closed);
                    }
                    return;
                } else if (in instanceof WsClient.Raw.Ended ended) {
                    if (tcp && !ended.reset() && answered && c.allowed().mayClose()) {
                        // no close frame on a line protocol: its answer says why, the end of the stream follows
                        count(c.category(), "+then-end");
                    } else if (!ended.reset() && !answered && c.allowed().mayEndWithoutClose()) {
                        count(c.category(), "end-without-close-frame");
                    } else {
                        fail(c, ended.reset() ? "connection reset: " + ended.detail() : "ended: " + ended.detail());
                    }
                    return;
                } else {
                    if (answered) {
                        closeNormally(ws, c);
                    } else {
                        fail(c, "neither answer nor close within " + WsClient.TIMEOUT.toSeconds() + " s");
                    }
                    return;
                }
            }
        }

        /** The server closed during a case: allowed for this case, and followed by the end of the connection. */
        private void closedAfter(Wire ws, Case c, WsClient.Raw.Closed closed) {
            count(c.category(), "close:" + closed.code());
            if (!c.allowed().allowsClose(closed.code())) {
                fail(c, "closed with " + closed.code() + " '" + closed.reason() + "', allowed " + c.allowed());
            } else if (!ws.awaitEndOfStream(WsClient.TIMEOUT)) {
                fail(c, "close frame " + closed.code() + " but the TCP connection stayed open");
            }
        }

        /** The client closes with 1000: the server must answer with a close frame and end the connection. */
        private void closeNormally(Wire ws, Case c) throws IOException {
            if (tcp) {
                // a line protocol has no close handshake: the client just closes its socket
                count(c.category(), "client-close");
                return;
            }
            try {
                ws.sendClose(1000);
            } catch (IOException e) {
                fail(c, "could not send the close frame: " + e);
                return;
            }
            while (true) {
                WsClient.Raw.Incoming in = ws.next(WsClient.TIMEOUT);
                if (in instanceof WsClient.Raw.Text) {
                    continue; // pushes may still arrive before the close frame
                }
                if (in instanceof WsClient.Raw.Closed closed) {
                    if (c.category().equals("normal-close")) {
                        count(c.category(), "close:" + closed.code());
                    }
                    if (!ws.awaitEndOfStream(WsClient.TIMEOUT)) {
                        fail(c, "the TCP connection stayed open after the close handshake");
                    }
                } else {
                    fail(c, "no close frame in answer to the client's close: " + in);
                }
                return;
            }
        }
    }

    /** A connection the workers write cases to and read answers from, one per session. */
    interface Wire extends AutoCloseable {
        void write(Frame frame) throws IOException;

        /** The next message, the server's close, the end of the connection, or silence after the wait. */
        WsClient.Raw.Incoming next(Duration wait);

        /** After the server's close: whether it then ended the TCP connection within the wait. */
        boolean awaitEndOfStream(Duration wait);

        void sendClose(int code) throws IOException;

        @Override
        void close();
    }

    /** The WebSocket door: frames exactly as generated, on {@link WsClient.Raw}. */
    record WebSocketFrames(WsClient.Raw raw) implements Wire {
        @Override
        public void write(Frame frame) throws IOException {
            raw.sendFrame(frame.fin(), frame.rsv(), frame.opcode(), frame.payload(), frame.masked());
        }

        @Override
        public WsClient.Raw.Incoming next(Duration wait) {
            return raw.next(wait);
        }

        @Override
        public boolean awaitEndOfStream(Duration wait) {
            return raw.awaitEndOfStream(wait);
        }

        @Override
        public void sendClose(int code) throws IOException {
            raw.sendClose(code);
        }

        @Override
        public void close() {
            raw.close();
        }
    }

    /**
     * The legacy TCP door on a plain socket, read on the calling thread with bounded waits: a frame's payload is
     * written as is, followed by a line break when it ends a message (a fragmented message is one line written
     * in pieces); what comes back is read line by line (a line cut by a wait is kept for the next read).
     */
    static final class TcpLines implements Wire {
        private final java.net.Socket socket;
        private final java.io.InputStream in;
        private final java.io.OutputStream out;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private boolean ended;

        TcpLines(int port) throws IOException {
            socket = new java.net.Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        @Override
        public void write(Frame frame) throws IOException {
            out.write(frame.payload());
            if (frame.fin()) {
                out.write('\n');
            }
            out.flush();
        }

        @Override
        public WsClient.Raw.Incoming next(Duration wait) {
            if (ended) {
                return new WsClient.Raw.Ended(false, "already ended");
            }
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return new WsClient.Raw.Silent();
                    }
                    socket.setSoTimeout((int) Math.max(1, left));
                    int b = in.read();
                    if (b < 0) {
                        ended = true;
                        return new WsClient.Raw.Ended(false, "end of stream" + (partial.size() > 0
                                ? " after an unterminated line of " + partial.size() + " bytes" : ""));
                    }
                    if (b == '\n') {
                        String line = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                        return new WsClient.Raw.Text(line);
                    }
                    partial.write(b);
                }
            } catch (java.net.SocketTimeoutException e) {
                return new WsClient.Raw.Silent();
            } catch (IOException e) {
                ended = true;
                return new WsClient.Raw.Ended(true, e.toString());
            }
        }

        @Override
        public boolean awaitEndOfStream(Duration wait) {
            return true; // never asked: no close frame comes on a line protocol
        }

        @Override
        public void sendClose(int code) {
            throw new UnsupportedOperationException("a line protocol has no close frame");
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

    private static JsonNode parse(String text) {
        try {
            return ProtocolJson.mapper().readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean isPush(JsonNode node) {
        if (node.isEmpty()) {
            return false;
        }
        for (JsonNode packet : node) {
            if (!packet.isObject() || !packet.path("method").isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** Why a frame is not a well-formed response, or null if it is. */
    static String answerProblem(JsonNode node) {
        if (node == null) {
            return "answer is not JSON";
        }
        if (!node.isObject()) {
            return "answer is neither a response object nor a push array";
        }
        String result = node.path("result").asText("");
        if (!Set.of("success", "fail", "denied").contains(result)) {
            return "answer without result success/fail/denied";
        }
        if (!result.equals("success") && node.path("message").asText("").isBlank()) {
            return "a " + result + " without a message";
        }
        return null;
    }

    // ------------------------------------------------------------------ the generator

    /** Draws cases from a worker's Random. Values are built as JSON text, so that any literal can be sent. */
    static final class Generator {
        private static final String[] CATEGORIES = {"malformed-json", "not-an-object", "envelope-types",
            "wrong-param-types", "wrong-message-fields", "deep-nesting", "huge-numbers", "long-strings", "binary",
            "fragmented", "valid-requests"};
        private static final int[][] BAD_UTF8 = {{0xC3, 0x28}, {0xA0, 0xA1}, {0xE2, 0x28, 0xA1}, {0xE2, 0x82, 0x28},
            {0xF0, 0x28, 0x8C, 0xBC}, {0xF0, 0x90, 0x28, 0xBC}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFF}, {0xFE}, {0xF4, 0x90, 0x80, 0x80}, {0x80}};

        private final Random random;
        private final String prefix;
        private final Set<String> coverage;
        final String ownGroup;
        long self;
        boolean groupCreated;
        private int counter;
        private final List<int[]> paramCycle;
        private final AtomicInteger beforeLoginNext;
        private final AtomicInteger afterLoginNext;
        /** Cases as TCP lines: no case that only WebSocket framing can express, no raw line break inside a line. */
        private final boolean lines;

        Generator(Random random, String prefix, Set<String> coverage, List<int[]> paramCycle,
                  AtomicInteger beforeLoginNext, AtomicInteger afterLoginNext, boolean lines) {
            this.lines = lines;
            this.random = random;
            this.prefix = prefix;
            this.coverage = coverage;
            this.ownGroup = prefix + "-group";
            this.paramCycle = paramCycle;
            this.beforeLoginNext = beforeLoginNext;
            this.afterLoginNext = afterLoginNext;
        }

        /** Every (method, param) in a shuffled cycle that the workers go through together, so each gets wrong types. */
        static List<int[]> paramCycle(Random random) {
            List<int[]> cycle = new ArrayList<>();
            for (int m = 0; m < METHODS.size(); m++) {
                for (int f = 0; f < Math.max(1, METHODS.get(m).params().size()); f++) {
                    cycle.add(new int[] {m, f});
                }
            }
            Collections.shuffle(cycle, random);
            return List.copyOf(cycle);
        }

        private void covered(String target, String sid) {
            coverage.add(target + (sid == null ? " before login" : " after login"));
        }

        /** A case the server answers without closing (lock step). */
        Case ordinary(String sid) {
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            if (lines && category.equals("binary")) {
                category = "valid-requests"; // a line has no binary form
            }
            String tag = sid == null ? "-before-login" : "-after-login";
            return switch (category) {
                case "malformed-json" -> textCase(category + tag, malformed(sid));
                case "not-an-object" -> textCase(category + tag, notAnObject());
                case "envelope-types" -> textCase(category + tag, wrongEnvelope(sid));
                case "wrong-param-types" -> textCase(category + tag, wrongParam(sid));
                case "wrong-message-fields" -> textCase(category + tag, wrongMessageField(sid));
                case "deep-nesting" -> textCase(category + tag, deep(sid));
                case "huge-numbers" -> textCase(category + tag, withValue(sid, hugeNumber()));
                case "long-strings" -> textCase(category + tag, withValue(sid, longString()));
                case "binary" -> binary(sid, category + tag);
                case "fragmented" -> fragmented(sid, category + tag);
                default -> textCase(category + tag, validRequest(sid));
            };
        }

        /** A case after which the server may (or must) close the connection. */
        Case terminal(String sid) {
            int pick = random.nextInt(sid != null ? 11 : 10);
            if (lines && pick >= 4) {
                // what a line can carry: invalid UTF-8, an over-long line (whole or in pieces), logout
                pick = sid != null && random.nextInt(3) == 0 ? 10 : random.nextInt(4);
            }
            return switch (pick) {
                case 0, 1 -> invalidUtf8(sid);
                case 2 -> oversized(sid);
                case 3 -> oversizedFragmented(sid);
                case 4 -> new Case("rsv-bits", List.of(new Frame(true, 1 + random.nextInt(7), WsClient.Raw.TEXT,
                        validRequest(sid).getBytes(StandardCharsets.UTF_8), true)), RSV_BITS, "reserved bits set");
                case 5 -> {
                    int[] reserved = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
                    int opcode = reserved[random.nextInt(reserved.length)];
                    yield new Case("bad-opcode", List.of(new Frame(true, 0, opcode, bytes(8), true)),
                            Allowed.close(1002), "opcode " + opcode);
                }
                case 6 -> badFragmentation(sid);
                case 7 -> new Case("unmasked", List.of(new Frame(true, 0, WsClient.Raw.TEXT,
                        validRequest(sid).getBytes(StandardCharsets.UTF_8), false)), Allowed.close(1002), "unmasked frame");
                case 8 -> badControl();
                case 9 -> closeCode();
                default -> new Case("logout", List.of(Frame.text(request("chat", pick(new String[] {"logout", "LOGOUT", "Logout"}),
                        sid, random.nextBoolean() ? null : wrongValue(Kind.ANY)))), Allowed.answerOrClose(1000), "logout");
            };
        }

        private Case textCase(String category, String text) {
            return new Case(category, List.of(Frame.text(lineSafe(text))), Allowed.answer(), "text frame");
        }

        /**
         * Over TCP a raw line break would cut the text into two requests (two answers, out of lock step), and a
         * blank line is ignored (no answer): line breaks become spaces and a blank text a control character, so a
         * text still is exactly one request. Over WebSocket the text as generated.
         */
        private String lineSafe(String text) {
            if (!lines) {
                return text;
            }
            String line = text.replace('\n', ' ').replace('\r', ' ');
            return line.isBlank() ? "\u0001" : line;
        }

        // ---- envelopes and values

        String request(String module, String method, String sid, String params) {
            StringBuilder json = new StringBuilder("{\"module\":").append(quote(module)).append(",\"method\":")
                    .append(quote(method));
            if (params != null) {
                json.append(",\"params\":").append(params);
            }
            if (sid != null) {
                json.append(",\"sid\":").append(quote(sid));
            }
            return json.append('}').toString();
        }

        private Method anyMethod() {
            return METHODS.get(random.nextInt(METHODS.size()));
        }

        /** A method that neither logs in nor out (those end or change the session: terminal cases only). */
        private Method sessionSafeMethod() {
            while (true) {
                Method m = anyMethod();
                if (!m.name().equals("logout") && !m.name().equals("login")) {
                    return m;
                }
            }
        }

        /** A request with valid params for the method (this worker's own chats and ids only). */
        String validRequest(String sid) {
            Method m = sid == null ? anyMethod() : sessionSafeMethod();
            if (m.name().equals("logout") && sid != null) {
                m = METHODS.get(2);
            }
            return request(m.module(), caseVariant(m.name()), sid, params(m, -1, null));
        }

        private String caseVariant(String name) {
            return switch (random.nextInt(6)) {
                case 0 -> name.toUpperCase(Locale.ROOT);
                case 1 -> name.toLowerCase(Locale.ROOT);
                default -> name;
            };
        }

        /** The method's params, named or positional, with param {@code replaced} given as {@code value}. */
        private String params(Method m, int replaced, String value) {
            boolean named = random.nextBoolean();
            StringBuilder json = new StringBuilder(named ? "{" : "[");
            for (int i = 0; i < m.params().size(); i++) {
                Param param = m.params().get(i);
                if (i > 0) {
                    json.append(',');
                }
                if (named) {
                    json.append(quote(param.name())).append(':');
                }
                json.append(i == replaced ? value : validValue(m, param));
            }
            if (m.name().equals("message") && !named && replaced < 0) {
                // a bare array of messages is the document's shape
                return validValue(m, m.params().get(0));
            }
            return json.append(named ? "}" : "]").toString();
        }

        private String validValue(Method m, Param param) {
            String name = param.name();
            return switch (name) {
                case "account" -> m.name().equals("login") ? quote(prefix + "-nobody") : quote(prefix);
                case "password" -> quote(WsClient.md5("wrong" + random.nextInt(1000)));
                case "status" -> quote(pick(new String[] {"online", "away", "busy"}));
                // a dismissed own group would refuse the worker's messages from then on: dismiss another gid
                case "gid" -> quote(random.nextInt(3) == 0 || m.name().equals("dismiss") ? prefix + "-" + (counter++)
                        : ownGroup);
                case "gids" -> "[" + quote(ownGroup) + "]";
                case "startDate" -> random.nextBoolean() ? "0" : String.valueOf(1_700_000_000L + random.nextInt(1000));
                case "name" -> quote("Fuzz " + random.nextInt(1000));
                case "type" -> quote("group");
                case "members", "admins" -> "[" + self + (random.nextBoolean() ? ",987654321" : "") + "]";
                case "subject", "recTotal" -> "0";
                case "public" -> "false";
                case "userId" -> String.valueOf(self);
                case "recPerPage" -> String.valueOf(1 + random.nextInt(50));
                case "pageID" -> String.valueOf(1 + random.nextInt(3));
                case "committers" -> quote(pick(new String[] {"", "$ALL", "$ADMINS", String.valueOf(self)}));
                case "settings" -> random.nextBoolean() ? "{\"fuzz\":" + random.nextInt(100) + "}" : "\"\"";
                case "messages" -> "[" + validMessage(-1, null) + "]";
                default -> param.kind() == Kind.BOOL ? String.valueOf(random.nextBoolean()) : "null";
            };
        }

        private String validMessage(int replaced, String value) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < MESSAGE_FIELDS.size(); i++) {
                Param field = MESSAGE_FIELDS.get(i);
                if (i > 0) {
                    json.append(',');
                }
                json.append(quote(field.name())).append(':');
                if (i == replaced) {
                    json.append(value);
                    continue;
                }
                json.append(switch (field.name()) {
                    case "gid" -> quote(prefix + "-m" + (counter++));
                    case "cgid" -> quote(ownGroup);
                    case "user" -> String.valueOf(self);
                    case "date" -> "0";
                    case "type" -> quote("normal");
                    case "contentType" -> quote("text");
                    default -> quote("fuzz " + random.nextInt(1000));
                });
            }
            return json.append('}').toString();
        }

        /** A value of another JSON type than the parameter's. */
        String wrongValue(Kind kind) {
            while (true) {
                String value = anyValue();
                char first = value.charAt(0);
                boolean isString = first == '"';
                boolean isNumber = first == '-' || Character.isDigit(first);
                boolean isBool = value.equals("true") || value.equals("false");
                boolean isArray = first == '[';
                boolean sameKind = switch (kind) {
                    case STRING -> isString;
                    case INT -> isNumber && !value.contains(".") && !value.contains("e");
                    case BOOL -> isBool;
                    case INTS -> isArray && value.matches("\\[[0-9,]*\\]");
                    case MESSAGES -> false;
                    case STRING_OR_INTS -> isString || (isArray && value.matches("\\[[0-9,]*\\]"));
                    case ANY -> false;
                };
                if (!sameKind) {
                    return value;
                }
            }
        }

        private String anyValue() {
            return switch (random.nextInt(12)) {
                case 0 -> pick(new String[] {"0", "-1", "7", "2147483648", "-9223372036854775809", "3.14", "-0.0", "1e30", "1E-7"});
                case 1 -> pick(new String[] {"\"\"", "\"x\"", "\"123\"", "\"true\"", "\"null\"", "\"[1]\"", "\"\\u0000\"",
                    "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\uD83D\uDE00\"", "\"' OR 1=1 --\"", "\"$ALL\"", "\"<script>\""});
                case 2 -> pick(new String[] {"true", "false"});
                case 3 -> "null";
                case 4 -> pick(new String[] {"[]", "[1,\"a\",null]", "[[[]]]", "[{}]", "[true]", "[-1,0,99999999999]"});
                case 5 -> pick(new String[] {"{}", "{\"id\":1}", "{\"a\":{\"b\":[]}}", "{\"gid\":null}"});
                case 6 -> hugeNumber();
                case 7 -> quote(randomText(1 + random.nextInt(40)));
                case 8 -> "[" + anyValueShallow() + "," + anyValueShallow() + "]";
                case 9 -> "{\"" + randomAscii(5) + "\":" + anyValueShallow() + "}";
                case 10 -> String.valueOf(random.nextLong());
                default -> String.valueOf(random.nextDouble() * 1e6);
            };
        }

        private String anyValueShallow() {
            return pick(new String[] {"1", "\"s\"", "null", "[]", "{}", "true", "-5", "1.5"});
        }

        String hugeNumber() {
            return switch (random.nextInt(10)) {
                case 0 -> "1" + "0".repeat(20 + random.nextInt(400));
                case 1 -> "-" + "9".repeat(990 + random.nextInt(30));
                case 2 -> "1" + "0".repeat(1000 + random.nextInt(5000));
                case 3 -> "1e" + (300 + random.nextInt(999_999_700));
                case 4 -> "-1e-" + (300 + random.nextInt(999_999_700));
                case 5 -> "9223372036854775808";
                case 6 -> "1.7976931348623157e309";
                case 7 -> "0." + "0".repeat(random.nextInt(2000)) + "1";
                case 8 -> "123456789.123456789e123456789";
                default -> "-9223372036854775808";
            };
        }

        String longString() {
            int kind = random.nextInt(5);
            int length = 1_000 + random.nextInt(kind == 0 ? 58_000 : 18_000);
            return switch (kind) {
                case 0 -> quote("a".repeat(length));
                case 1 -> quote("\u4E2D\u6587".repeat(length / 2));
                case 2 -> quote("\uD83D\uDE00".repeat(length / 4));
                case 3 -> "\"" + "\\u00e9\\n\\t\\\"".repeat(length / 16) + "\"";
                default -> quote(randomText(length / 3));
            };
        }

        // ---- ordinary categories

        String malformed(String sid) {
            String base = random.nextBoolean() ? validRequest(sid) : wrongParam(sid);
            return switch (random.nextInt(12)) {
                case 0 -> base.substring(0, random.nextInt(base.length()));
                case 1 -> {
                    int at = random.nextInt(base.length());
                    yield base.substring(0, at) + base.substring(at + 1);
                }
                case 2 -> {
                    int at = random.nextInt(base.length());
                    yield base.substring(0, at) + "{}[]\":,\\".charAt(random.nextInt(8)) + base.substring(at);
                }
                case 3 -> base.replace('"', '\'');
                case 4 -> pick(new String[] {"", " ", "\n", "NaN", "Infinity", "-Infinity", "undefined", "{,}", "[,]", "{\"a\"}",
                    "{\"module\":}", "{\"module\":\"chat\",,}", "\"unterminated", "{\"a\":1}}", "[[]", "nul", "tru", "0x10", "01", "+1"});
                case 5 -> "/* comment */" + base;
                case 6 -> "\uFEFF" + base;
                case 7 -> base.replace("\"module\"", "module");
                case 8 -> base + "," + base;
                case 9 -> randomText(1 + random.nextInt(300));
                case 10 -> base.replace(":", "=");
                default -> "{\"module\":\"chat\",\"module\":7,\"method\":\"ping\",\"method\":null" + (sid != null ? ",\"sid\":\"" + sid + "\"" : "") + "}";
            };
        }

        String notAnObject() {
            return switch (random.nextInt(5)) {
                case 0 -> "[" + validRequest(null) + "]";
                case 1 -> hugeNumber();
                default -> anyValue();
            };
        }

        String wrongEnvelope(String sid) {
            Method m = sid == null ? anyMethod() : sessionSafeMethod();
            String params = params(m, -1, null);
            String module = quote(m.module());
            String method = quote(m.name());
            String sidValue = sid == null ? null : quote(sid);
            String paramsValue = params;
            switch (random.nextInt(5)) {
                case 0 -> module = wrongValue(Kind.STRING);
                case 1 -> method = wrongValue(Kind.STRING);
                case 2 -> sidValue = wrongValue(Kind.STRING);
                case 3 -> paramsValue = pick(new String[] {"\"x\"", "7", "true", "null", "1e999", "\"[]\"", "{\"0\":1}"});
                default -> {
                    module = quote(pick(new String[] {"", "CHAT", "Attach", "sys", "chat ", randomAscii(12)}));
                    method = quote(pick(new String[] {"", "PING", "getlist", "dropAllTables", "kickoff", "upload", randomAscii(20)}));
                }
            }
            StringBuilder json = new StringBuilder("{");
            List<String> fields = new ArrayList<>();
            if (random.nextInt(10) > 0) {
                fields.add("\"module\":" + module);
            }
            if (random.nextInt(10) > 0) {
                fields.add("\"method\":" + method);
            }
            if (paramsValue != null && random.nextInt(10) > 0) {
                fields.add("\"params\":" + paramsValue);
            }
            if (sidValue != null) {
                fields.add("\"sid\":" + sidValue);
            }
            if (random.nextInt(4) == 0) {
                fields.add("\"data\":" + anyValue());
            }
            Collections.shuffle(fields, random);
            json.append(String.join(",", fields));
            String done = json.append('}').toString();
            return done.contains("logout") || done.toLowerCase(Locale.ROOT).contains("\"login\"") && sid != null
                    ? request("chat", "ping", sid, null) : done;
        }

        String wrongParam(String sid) {
            Method m;
            int field;
            while (true) {
                int[] next = paramCycle.get((sid == null ? beforeLoginNext : afterLoginNext).getAndIncrement() % paramCycle.size());
                m = METHODS.get(next[0]);
                field = next[1];
                if (sid == null || (!m.name().equals("logout") && !m.name().equals("login"))) {
                    break;
                }
            }
            if (m.params().isEmpty()) {
                return request(m.module(), m.name(), sid, random.nextBoolean() ? wrongValue(Kind.ANY) : "[" + anyValue() + "]");
            }
            covered(m.module() + "/" + m.name() + "." + m.params().get(field).name(), sid);
            return request(m.module(), caseVariant(m.name()), sid, params(m, field, wrongValue(m.params().get(field).kind())));
        }

        String wrongMessageField(String sid) {
            int field = random.nextInt(MESSAGE_FIELDS.size());
            boolean wholeMessage = random.nextInt(8) == 0;
            if (!wholeMessage) {
                covered("chat/message.messages[]." + MESSAGE_FIELDS.get(field).name(), sid);
            }
            String message = wholeMessage ? wrongValue(Kind.ANY) : validMessage(field, wrongValue(MESSAGE_FIELDS.get(field).kind()));
            String messages = "[" + message + (random.nextBoolean() ? "," + validMessage(-1, null) : "") + "]";
            return request("chat", "message", sid, random.nextBoolean() ? "{\"messages\":" + messages + "}" : messages);
        }

        String deep(String sid) {
            int depth = pick(new int[] {20, 200, 999, 1000, 1001, 1500, 5000, 9000});
            boolean arrays = random.nextBoolean();
            String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            return withValue(sid, nested);
        }

        /** A request of a method whose params (one of them, or all) are the value. */
        String withValue(String sid, String value) {
            Method m = sid == null ? anyMethod() : sessionSafeMethod();
            if (m.params().isEmpty() || random.nextInt(4) == 0) {
                return request(m.module(), m.name(), sid, value);
            }
            if (m.name().equals("message") && random.nextBoolean()) {
                int field = random.nextInt(MESSAGE_FIELDS.size());
                return request("chat", "message", sid, "[" + validMessage(field, value) + "]");
            }
            return request(m.module(), m.name(), sid, params(m, random.nextInt(m.params().size()), value));
        }

        Case binary(String sid, String category) {
            byte[] payload = random.nextBoolean() ? validRequest(sid).getBytes(StandardCharsets.UTF_8) : bytes(1 + random.nextInt(2000));
            return new Case(category, List.of(new Frame(true, 0, WsClient.Raw.BINARY, payload, true)), Allowed.answer(), "binary frame");
        }

        Case fragmented(String sid, String category) {
            String text = lineSafe(random.nextInt(4) == 0 ? malformed(sid) : validRequest(sid));
            if (random.nextBoolean()) {
                // a multi-byte character that a fragment boundary may cut (legal: UTF-8 is checked per message)
                text = text.replace("Fuzz", "F\u00FC\u4E2D\uD83D\uDE00zz");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int pieces = 2 + random.nextInt(Math.min(6, Math.max(1, bytes.length)));
            List<Frame> frames = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < pieces; i++) {
                int to = i == pieces - 1 ? bytes.length : from + random.nextInt(bytes.length - from + 1);
                byte[] piece = java.util.Arrays.copyOfRange(bytes, from, to);
                frames.add(new Frame(i == pieces - 1, 0, i == 0 ? WsClient.Raw.TEXT : WsClient.Raw.CONTINUATION, piece, true));
                if (!lines && i < pieces - 1 && random.nextInt(3) == 0) {
                    // a control frame between fragments is allowed (RFC 6455 5.4)
                    frames.add(new Frame(true, 0, WsClient.Raw.PING, bytes(random.nextInt(20)), true));
                }
                from = to;
            }
            return new Case(category, frames, Allowed.answer(), pieces + " fragments");
        }

        // ---- terminal categories

        Case invalidUtf8(String sid) {
            byte[] bytes = validRequest(sid).getBytes(StandardCharsets.UTF_8);
            int[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
            // inside the JSON (after the first quote), or at the very end (a truncated sequence)
            int at = random.nextBoolean() ? bytes.length : 2 + random.nextInt(Math.max(1, bytes.length - 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, at);
            for (int b : bad) {
                out.write(b);
            }
            out.write(bytes, at, bytes.length - at);
            byte[] payload = out.toByteArray();
            // over TCP a line is decoded with replacement characters and answered: no close allowed
            Allowed allowed = lines ? Allowed.answer() : INVALID_UTF8;
            if (random.nextBoolean()) {
                return new Case("invalid-utf8", List.of(new Frame(true, 0, WsClient.Raw.TEXT, payload, true)), allowed,
                        "one text frame");
            }
            int cut = Math.min(payload.length - 1, at + 1);
            return new Case("invalid-utf8", List.of(
                    new Frame(false, 0, WsClient.Raw.TEXT, java.util.Arrays.copyOfRange(payload, 0, cut), true),
                    new Frame(true, 0, WsClient.Raw.CONTINUATION, java.util.Arrays.copyOfRange(payload, cut, payload.length), true)),
                    allowed, "fragmented text, invalid sequence across the boundary");
        }

        Case oversized(String sid) {
            int size = 65_537 + random.nextInt(200_000);
            String filler = "x".repeat(size);
            String text = request("chat", "userChangeName", sid, "{\"name\":\"" + filler + "\"}");
            int opcode = random.nextInt(4) == 0 ? WsClient.Raw.BINARY : WsClient.Raw.TEXT;
            return new Case("oversized", List.of(new Frame(true, 0, opcode, text.getBytes(StandardCharsets.UTF_8), true)),
                    Allowed.answerOrClose(1009), text.length() + " bytes in one frame");
        }

        Case oversizedFragmented(String sid) {
            List<Frame> frames = new ArrayList<>();
            frames.add(new Frame(false, 0, WsClient.Raw.TEXT, ("{\"module\":\"chat\",\"method\":\"ping\",\"params\":\"")
                    .getBytes(StandardCharsets.UTF_8), true));
            int total = 0;
            while (total <= 70_000) {
                int piece = 8_000 + random.nextInt(16_000);
                frames.add(new Frame(false, 0, WsClient.Raw.CONTINUATION, "y".repeat(piece).getBytes(StandardCharsets.UTF_8), true));
                total += piece;
            }
            frames.add(new Frame(true, 0, WsClient.Raw.CONTINUATION, "\"}".getBytes(StandardCharsets.UTF_8), true));
            return new Case("oversized-fragmented", frames, Allowed.answerOrClose(1009), frames.size() + " fragments, " + total + " bytes");
        }

        Case badFragmentation(String sid) {
            byte[] request = validRequest(sid).getBytes(StandardCharsets.UTF_8);
            return switch (random.nextInt(3)) {
                case 0 -> new Case("bad-fragmentation", List.of(new Frame(true, 0, WsClient.Raw.CONTINUATION, request, true)),
                        Allowed.close(1002), "continuation without a message");
                case 1 -> new Case("bad-fragmentation", List.of(
                        new Frame(false, 0, WsClient.Raw.TEXT, java.util.Arrays.copyOfRange(request, 0, request.length / 2), true),
                        new Frame(true, 0, WsClient.Raw.TEXT, request, true)),
                        Allowed.close(1002), "a new text frame inside a fragmented message");
                default -> new Case("bad-fragmentation", List.of(
                        new Frame(false, 0, WsClient.Raw.TEXT, java.util.Arrays.copyOfRange(request, 0, request.length / 2), true),
                        new Frame(true, 0, WsClient.Raw.BINARY, request, true)),
                        Allowed.close(1002), "a binary frame inside a fragmented text message");
            };
        }

        Case badControl() {
            return switch (random.nextInt(3)) {
                case 0 -> new Case("bad-control", List.of(new Frame(true, 0, WsClient.Raw.PING, bytes(126 + random.nextInt(200)), true)),
                        Allowed.close(1002), "ping with more than 125 bytes");
                case 1 -> new Case("bad-control", List.of(new Frame(false, 0, WsClient.Raw.PING, bytes(10), true)),
                        Allowed.close(1002), "fragmented ping");
                default -> new Case("bad-control", List.of(new Frame(true, 0, WsClient.Raw.CLOSE, new byte[] {3}, true)),
                        Allowed.close(1002), "close frame with a one-byte payload");
            };
        }

        Case closeCode() {
            int code = pick(new int[] {0, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1011, 1012, 1015, 1016, 2000,
                2999, 3000, 4000, 4999, 5000, 65535});
            return new Case("close-code-" + (validCloseCode(code) ? "valid" : "invalid"),
                    List.of(new Frame(true, 0, WsClient.Raw.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, true)),
                    validCloseCode(code) ? VALID_CLOSE_CODE : INVALID_CLOSE_CODE, "close with " + code);
        }

        /** RFC 6455 7.4: codes a peer may send. */
        static boolean validCloseCode(int code) {
            return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        }

        // ---- helpers

        private byte[] bytes(int n) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            return bytes;
        }

        private String randomAscii(int n) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            return s.toString();
        }

        /** Any code points (no lone surrogates: those cannot be encoded in UTF-8 by the writer). */
        private String randomText(int n) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 0x80 + random.nextInt(0x780);
                    case 2 -> 0x800 + random.nextInt(0xD800 - 0x800);
                    default -> 0x10000 + random.nextInt(0x100000);
                };
                s.appendCodePoint(cp);
            }
            return s.toString();
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }

        private int pick(int[] options) {
            return options[random.nextInt(options.length)];
        }

        private static String quote(String text) {
            return ProtocolJson.write(text);
        }
    }
}
