package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The chaos scenario of {@code bench/chaos.sh}: users exchanging one-to-one and group messages at a
 * steady rate against the distributed system while the script kills (-9) and restarts its components in
 * turn. It behaves as real clients do: a client whose socket ends reconnects (to the next gateway) and logs
 * in again; a message whose send got no {@code success} is sent again with the same gid (the idempotency
 * key, PROTOCOL.md section 3): at once on the new connection if the one it was sent on ended, else after
 * {@code --resend-after}.
 *
 * <p>It sends until it has sent {@code --messages} messages and the file {@code --done-file} exists (the
 * script creates it once every component has been killed and is back). Then it waits until every message
 * was accepted, lets the system drain, logs every user out and in again (offline queues are delivered at
 * login) and prints messages accepted, delivered, duplicated and lost. Exit code 0 only if nothing
 * accepted was lost.
 *
 * <p>A message counts as delivered to a recipient when a {@code message} push carrying its gid arrived on a
 * connection of that recipient (live, or from the offline queue at a login). Pongs are written only after
 * every frame before the ping was handled, as the server's delivery receipts assume of a client.
 */
public final class ChaosLoad {

    static final String USAGE = """
            usage: java -jar xuanxuan-loadgen.jar chaos [options]
              --urls=ws://127.0.0.1:8080/ws,ws://127.0.0.1:8090/ws   gateways (clients spread over them, reconnect to the next)
              --users=20              accounts u0001..uN (must exist with --password)
              --password=bench-pass
              --messages=10000        send at least this many messages
              --rate=20               messages per second (sender and chat chosen at random)
              --group-size=5          users form groups of this size; each user also has one one-to-one partner
              --group-share=0.2       share of messages sent to the sender's group
              --done-file=PATH        keep sending until this file exists (the chaos script's kill round is over)
              --started-file=PATH     created once the chats are set up and the traffic begins
              --resend-after=30       seconds without success before a message is sent again on the same connection
                                      (same gid); sent on a connection that ended: again at once on the next
              --drain-quiet=30        seconds without a new delivery that end a drain
              --max-wait=600          seconds to wait for acceptance and for each drain at most
              --seed=N                random seed (printed)
            """;

    private final List<URI> urls = new ArrayList<>();
    @Option(names = "--users")
    private int userCount = 20;
    @Option(names = "--password")
    private String password = "bench-pass";
    @Option(names = "--messages")
    private int messageTarget = 10_000;
    @Option(names = "--rate")
    private double rate = 20;
    @Option(names = "--group-size")
    private int groupSize = 5;
    @Option(names = "--group-share")
    private double groupShare = 0.2;
    @Option(names = "--done-file")
    private Path doneFile;
    @Option(names = "--started-file")
    private Path startedFile;
    private long resendAfterNanos = TimeUnit.SECONDS.toNanos(30);
    private long drainQuietNanos = TimeUnit.SECONDS.toNanos(30);
    private long maxWaitNanos = TimeUnit.SECONDS.toNanos(600);
    @Option(names = "--seed")
    private long seed = System.nanoTime();

    @Option(names = "--urls", paramLabel = "URL,URL,...")
    private void urls(String list) {
        urls.clear();
        Arrays.stream(list.split(",")).map(URI::create).forEach(urls::add);
    }

    @Option(names = "--resend-after", paramLabel = "SECONDS")
    private void resendAfter(long seconds) {
        resendAfterNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Option(names = "--drain-quiet", paramLabel = "SECONDS")
    private void drainQuiet(long seconds) {
        drainQuietNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Option(names = "--max-wait", paramLabel = "SECONDS")
    private void maxWait(long seconds) {
        maxWaitNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    private final HttpClient http = HttpClient.newConnection();
    private final List<User> users = new ArrayList<>();
    private final Map<String, Msg> messages = new ConcurrentHashMap<>();
    private final List<Msg> ordered = new ArrayList<>();
    /** Deliveries by "gid/userId": how many times the push arrived. */
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final LongAdder deliveryEvents = new LongAdder();
    private final LongAdder deliveredAfterRelogin = new LongAdder();
    private final Map<String, LongAdder> failAnswers = new ConcurrentHashMap<>();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder resends = new LongAdder();
    private final LongAdder kickoffs = new LongAdder();
    private final LongAdder loginFailures = new LongAdder();
    private volatile boolean relogin;
    private volatile long lastDeliveryNanos = System.nanoTime();
    private final AtomicInteger nextGateway = new AtomicInteger();
    private final long startNanos = System.nanoTime();

    /** One message as the client knows it; its gid is the idempotency key. */
    static final class Msg {
        final int number;
        final String gid;
        final User sender;
        final String chatGid;
        final long[] recipients;
        final boolean group;
        volatile long firstSentMillis;
        volatile long lastSentNanos;
        volatile int sends;
        volatile long acceptedMillis;
        /** The connection of the last send: once it has ended without an answer, the message is sent again. */
        volatile Conn sentOn;

        Msg(int number, String gid, User sender, String chatGid, long[] recipients, boolean group) {
            this.number = number;
            this.gid = gid;
            this.sender = sender;
            this.chatGid = chatGid;
            this.recipients = recipients;
            this.group = group;
        }

        boolean accepted() {
            return acceptedMillis != 0;
        }
    }

    /** One account and its current connection (replaced when it ends). */
    final class User {
        final int index;
        final String account;
        volatile long id;
        volatile Conn conn;
        volatile long lastAttemptNanos;
        String partnerChat;
        long partnerId;
        String groupChat;
        long[] groupOthers = new long[0];
        /** Generated, not yet sent (the user was not logged in). */
        final Queue<Msg> unsent = new ConcurrentLinkedQueue<>();
        /** Sent, no success yet. */
        final Queue<Msg> unanswered = new ConcurrentLinkedQueue<>();

        User(int index, String account) {
            this.index = index;
            this.account = account;
        }

        boolean live() {
            Conn c = conn;
            return c != null && c.live.isDone() && !c.live.isCompletedExceptionally() && !c.closed;
        }
    }

    /** One WebSocket of a user: its login and the responses a set-up request waits for. */
    final class Conn {
        final User user;
        final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer(new LinkedBlockingQueue<>(10_000));
        final CompletableFuture<Void> live = new CompletableFuture<>();
        final Map<String, Queue<CompletableFuture<JsonNode>>> waiting = new ConcurrentHashMap<>();
        final boolean afterRelogin;
        volatile Disposable socket;
        volatile boolean closed;
        volatile String sid;

        Conn(User user, URI uri) {
            this.user = user;
            this.afterRelogin = relogin;
            this.socket = http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024)
                            .handlePing(true).build())
                    .uri(uri)
                    .handle((in, outbound) -> {
                        Mono<Void> reading = in.aggregateFrames(16 * 1024 * 1024).receiveFrames()
                                .concatMap(frame -> {
                                    if (frame instanceof TextWebSocketFrame text) {
                                        received(this, text.text());
                                    } else if (frame instanceof PingWebSocketFrame ping) {
                                        return outbound.sendObject(new PongWebSocketFrame(ping.content().retain())).then();
                                    }
                                    return Mono.empty();
                                })
                                .then();
                        Mono<Void> writing = outbound.sendString(out.asFlux()).then();
                        return Mono.when(reading, writing);
                    })
                    .doFinally(signal -> ended())
                    .subscribe(ignored -> { }, error -> ended());
        }

        private void ended() {
            closed = true;
            live.completeExceptionally(new IllegalStateException("closed"));
            waiting.values().forEach(q -> q.forEach(f -> f.completeExceptionally(new IllegalStateException("closed"))));
        }

        boolean send(String text) {
            return !closed && out.tryEmitNext(text).isSuccess();
        }

        CompletableFuture<JsonNode> request(String method, JsonNode params) {
            ObjectNode request = ProtocolJson.nodes().objectNode().put("module", "chat").put("method", method);
            if (params != null) {
                request.set("params", params);
            }
            if (sid != null) {
                request.put("sid", sid);
            }
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.computeIfAbsent(method.toLowerCase(Locale.ROOT), m -> new ConcurrentLinkedQueue<>()).add(answer);
            if (!send(ProtocolJson.write(request))) {
                answer.completeExceptionally(new IllegalStateException("cannot send"));
            }
            return answer.orTimeout(20, TimeUnit.SECONDS);
        }

        void dispose() {
            closed = true;
            out.tryEmitComplete();
            Disposable s = socket;
            if (s != null) {
                s.dispose();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        ChaosLoad chaos = new ChaosLoad();
        try {
            chaos.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        System.exit(chaos.run() ? 0 : 1);
    }

    private void parse(String[] args) {
        CommandLines.parse(this, args);
        if (urls.isEmpty()) {
            urls.add(URI.create("ws://127.0.0.1:8080/ws"));
        }
        if (userCount < 2 || userCount % 2 != 0 || groupSize < 2) {
            throw new IllegalArgumentException("--users must be even and at least 2, --group-size at least 2");
        }
    }

    boolean run() throws Exception {
        log("seed %d; %d users on %s; at least %d messages at %s msg/s, %.0f %% to groups of %d; resend after %d s",
                seed, userCount, urls, messageTarget, rate, groupShare * 100, groupSize,
                TimeUnit.NANOSECONDS.toSeconds(resendAfterNanos));
        for (int i = 1; i <= userCount; i++) {
            users.add(new User(i, Accounts.name(i, userCount)));
        }
        setUp();
        if (startedFile != null) {
            Files.writeString(startedFile, "sending\n");
        }
        send();
        log("sending done: %d messages generated; waiting until every one is accepted", ordered.size());
        waitUntil(() -> ordered.stream().allMatch(Msg::accepted), maxWaitNanos, true);
        log("draining (until every delivery arrived or none for %d s)", TimeUnit.NANOSECONDS.toSeconds(drainQuietNanos));
        drain();
        log("logging every user out and in again");
        relogin = true;
        users.forEach(u -> {
            Conn c = u.conn;
            if (c != null) {
                c.dispose();
            }
            u.conn = null;
            u.lastAttemptNanos = 0;
        });
        Thread.sleep(1000);
        waitUntil(() -> users.stream().allMatch(User::live), maxWaitNanos, true);
        drain();
        boolean ok = report();
        users.forEach(u -> {
            if (u.conn != null) {
                u.conn.dispose();
            }
        });
        return ok;
    }

    /** Logs everyone in, then creates each user's one-to-one chat and its group (on a healthy system). */
    private void setUp() throws Exception {
        waitUntil(() -> users.stream().allMatch(User::live), maxWaitNanos, true);
        for (int i = 0; i < users.size(); i += 2) {
            User a = users.get(i);
            User b = users.get(i + 1);
            // the two ids joined by &, smaller first: a gid every version of the server takes as this pair's
            // one-to-one chat (the real clients' string order, "10&9", is refused before issue 10's fix)
            String gid = Math.min(a.id, b.id) + "&" + Math.max(a.id, b.id);
            JsonNode chat = create(a, gid, "", "one2one", new long[] {a.id, b.id});
            String stored = chat.path("gid").asText(gid);
            a.partnerChat = stored;
            b.partnerChat = stored;
            a.partnerId = b.id;
            b.partnerId = a.id;
        }
        String run = Long.toHexString(seed);
        for (int g = 0; g * groupSize < users.size(); g++) {
            List<User> members = users.subList(g * groupSize, Math.min(users.size(), (g + 1) * groupSize));
            if (members.size() < 2) {
                break;
            }
            long[] ids = members.stream().mapToLong(u -> u.id).toArray();
            String gid = "chaos-" + run + "-group-" + g;
            create(members.get(0), gid, "chaos group " + g, "group", ids);
            for (User member : members) {
                member.groupChat = gid;
                member.groupOthers = Arrays.stream(ids).filter(id -> id != member.id).toArray();
            }
        }
        log("set up: %d one-to-one chats, %d groups", users.size() / 2, (users.size() + groupSize - 1) / groupSize);
    }

    /**
     * Creates a chat (idempotent by gid), again and again until it succeeds: the creator's connection may
     * die under it (a gateway killed early), or the answer may not come in time.
     */
    private JsonNode create(User creator, String gid, String name, String type, long[] members) throws Exception {
        ArrayNode params = ProtocolJson.nodes().arrayNode().add(gid).add(name).add(type);
        ArrayNode ids = params.addArray();
        Arrays.stream(members).forEach(ids::add);
        params.add(0).add(false);
        long started = System.nanoTime();
        while (true) {
            waitUntil(creator::live, maxWaitNanos, true);
            try {
                JsonNode answer = creator.conn.request("create", params).get(30, TimeUnit.SECONDS);
                if ("success".equals(answer.path("result").asText())) {
                    return answer.path("data");
                }
                log("create %s: %s", gid, answer);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log("create %s: no answer (%s), again", gid, e.getCause() != null ? e.getCause() : e);
            }
            if (System.nanoTime() - started > maxWaitNanos) {
                throw new IllegalStateException("create " + gid + " did not succeed");
            }
            Thread.sleep(1000);
        }
    }

    /** The steady traffic: generates messages at the rate until enough were sent and the kill round is over. */
    private void send() throws InterruptedException {
        Random random = new Random(seed);
        long started = System.nanoTime();
        long lastReport = started;
        int number = 0;
        while (true) {
            long now = System.nanoTime();
            boolean enough = number >= messageTarget && (doneFile == null || Files.exists(doneFile));
            if (enough) {
                break;
            }
            long due = (long) ((now - started) / 1e9 * rate);
            while (number < due) {
                number++;
                User sender = users.get(random.nextInt(users.size()));
                boolean group = random.nextDouble() < groupShare && sender.groupChat != null;
                Msg msg = new Msg(number, UUID.randomUUID().toString(), sender,
                        group ? sender.groupChat : sender.partnerChat,
                        group ? sender.groupOthers : new long[] {sender.partnerId}, group);
                messages.put(msg.gid, msg);
                ordered.add(msg);
                sender.unsent.add(msg);
            }
            tick();
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = now;
                progress("sending");
            }
            Thread.sleep(20);
        }
    }

    /** One round of the client machinery: reconnects, sends what waits, re-sends what got no success. */
    private void tick() {
        long now = System.nanoTime();
        for (User user : users) {
            Conn conn = user.conn;
            if (conn == null || conn.closed || (!conn.live.isDone() && now - user.lastAttemptNanos > TimeUnit.SECONDS.toNanos(20))) {
                if (now - user.lastAttemptNanos > TimeUnit.SECONDS.toNanos(1)) {
                    if (conn != null) {
                        conn.dispose();
                        reconnects.increment();
                    }
                    connect(user);
                }
                continue;
            }
            if (!user.live()) {
                continue;
            }
            Msg msg;
            while ((msg = user.unsent.poll()) != null) {
                transmit(user, msg, now);
            }
            for (Msg waiting : user.unanswered) {
                if (waiting.accepted()) {
                    user.unanswered.remove(waiting);
                } else if (waiting.sentOn != user.conn || now - waiting.lastSentNanos > resendAfterNanos) {
                    // as a real client: what was sent on a connection that ended goes again on the new one; on a
                    // live connection only after resend-after (a slow answer is not a lost one)
                    resends.increment();
                    transmit(user, waiting, now);
                }
            }
        }
    }

    private void transmit(User user, Msg msg, long now) {
        ObjectNode request = ProtocolJson.nodes().objectNode().put("module", "chat").put("method", "message")
                .put("sid", user.conn.sid);
        ObjectNode message = request.putObject("params").putArray("messages").addObject();
        message.put("gid", msg.gid).put("cgid", msg.chatGid).put("type", "normal").put("contentType", "text")
                .put("content", "chaos message " + msg.number + " from " + user.account);
        if (msg.sends == 0) {
            msg.firstSentMillis = System.currentTimeMillis();
            user.unanswered.add(msg);
        }
        msg.sends++;
        msg.lastSentNanos = now;
        msg.sentOn = user.conn;
        user.conn.send(ProtocolJson.write(request));
    }

    private void connect(User user) {
        user.lastAttemptNanos = System.nanoTime();
        URI uri = urls.get(Math.floorMod(nextGateway.getAndIncrement(), urls.size()));
        Conn conn = new Conn(user, uri);
        user.conn = conn;
        ArrayNode params = ProtocolJson.nodes().arrayNode().add(user.account).add(BenchClient.md5(password)).add("online");
        conn.request("login", params).whenComplete((answer, error) -> {
            if (error != null || !"success".equals(answer.path("result").asText())) {
                loginFailures.increment();
                conn.dispose();
                return;
            }
            conn.sid = answer.path("sid").asText();
            user.id = answer.path("data").path("id").asLong();
        });
    }

    /** A text frame of a connection: responses, pushes, the kickoff notice. Runs on its event loop. */
    private void received(Conn conn, String text) {
        JsonNode frame;
        try {
            frame = ProtocolJson.mapper().readTree(text);
        } catch (Exception e) {
            failAnswers.computeIfAbsent("unparseable frame", k -> new LongAdder()).increment();
            return;
        }
        if (frame.isArray()) {
            for (JsonNode packet : frame) {
                String method = packet.path("method").asText();
                if ("getList".equalsIgnoreCase(method) && conn.sid != null) {
                    conn.live.complete(null);
                } else if ("message".equalsIgnoreCase(method)) {
                    for (JsonNode m : packet.path("data")) {
                        delivered(conn, m.path("gid").asText());
                    }
                }
            }
            return;
        }
        String method = frame.path("method").asText().toLowerCase(Locale.ROOT);
        if (!frame.has("result")) {
            if ("kickoff".equals(method)) {
                kickoffs.increment();
            }
            return;
        }
        Queue<CompletableFuture<JsonNode>> queue = conn.waiting.get(method);
        CompletableFuture<JsonNode> waiter = queue == null ? null : queue.poll();
        if (waiter != null) {
            waiter.complete(frame);
            return;
        }
        if ("message".equals(method)) {
            if ("success".equals(frame.path("result").asText())) {
                for (JsonNode m : frame.path("data")) {
                    Msg msg = messages.get(m.path("gid").asText());
                    if (msg != null && msg.acceptedMillis == 0) {
                        msg.acceptedMillis = System.currentTimeMillis();
                    }
                }
            } else {
                failAnswers.computeIfAbsent(frame.path("result").asText() + ": " + frame.path("message").asText(),
                        k -> new LongAdder()).increment();
            }
        }
    }

    private void delivered(Conn conn, String gid) {
        Msg msg = messages.get(gid);
        if (msg == null) {
            return;
        }
        deliveryEvents.increment();
        lastDeliveryNanos = System.nanoTime();
        int count = deliveries.computeIfAbsent(gid + "/" + conn.user.id, k -> new AtomicInteger()).incrementAndGet();
        if (count == 1 && conn.afterRelogin) {
            deliveredAfterRelogin.increment();
        }
    }

    private long missingDeliveries() {
        long missing = 0;
        for (Msg msg : ordered) {
            if (msg.accepted()) {
                for (long r : msg.recipients) {
                    if (!deliveries.containsKey(msg.gid + "/" + r)) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    /** Until every expected delivery arrived or none arrived for the quiet time (bounded by max-wait). */
    private void drain() throws InterruptedException {
        long started = System.nanoTime();
        lastDeliveryNanos = System.nanoTime();
        long lastReport = started;
        while (System.nanoTime() - started < maxWaitNanos) {
            tick();
            if (missingDeliveries() == 0 || System.nanoTime() - lastDeliveryNanos > drainQuietNanos) {
                break;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                progress("draining");
            }
            Thread.sleep(100);
        }
        progress("drained");
    }

    private void waitUntil(java.util.function.BooleanSupplier condition, long maxNanos, boolean driving)
            throws InterruptedException {
        long started = System.nanoTime();
        long lastReport = started;
        while (!condition.getAsBoolean() && System.nanoTime() - started < maxNanos) {
            if (driving) {
                tick();
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                progress("waiting");
            }
            Thread.sleep(50);
        }
    }

    private void progress(String phase) {
        long accepted = ordered.stream().filter(Msg::accepted).count();
        long online = users.stream().filter(User::live).count();
        log("%s: generated %d, accepted %d, deliveries %d (missing %d), online %d/%d, reconnects %d, resends %d, fail answers %d",
                phase, ordered.size(), accepted, deliveryEvents.sum(), missingDeliveries(), online, users.size(),
                reconnects.sum(), resends.sum(), failAnswers.values().stream().mapToLong(LongAdder::sum).sum());
    }

    /** The figures; true if no accepted message was lost. */
    private boolean report() {
        long accepted = 0;
        long unansweredButSent = 0;
        long expected = 0;
        long delivered = 0;
        long duplicateDeliveries = 0;
        long messagesDelivered = 0;
        long messagesDuplicated = 0;
        long messagesLost = 0;
        long deliveriesLost = 0;
        long sentTwiceOrMore = 0;
        List<String> lost = new ArrayList<>();
        for (Msg msg : ordered) {
            if (msg.sends > 1) {
                sentTwiceOrMore++;
            }
            if (!msg.accepted()) {
                unansweredButSent += msg.sends > 0 ? 1 : 0;
                continue;
            }
            accepted++;
            boolean all = true;
            boolean dup = false;
            for (long r : msg.recipients) {
                expected++;
                AtomicInteger count = deliveries.get(msg.gid + "/" + r);
                if (count == null) {
                    all = false;
                    deliveriesLost++;
                    if (lost.size() < 50) {
                        lost.add(String.format(Locale.ROOT, "  lost: #%d gid %s %s chat %s from %s (#%d) to user #%d; first sent %s, sends %d, accepted %s",
                                msg.number, msg.gid, msg.group ? "group" : "one2one", msg.chatGid, msg.sender.account,
                                msg.sender.id, r, Instant.ofEpochMilli(msg.firstSentMillis), msg.sends,
                                Instant.ofEpochMilli(msg.acceptedMillis)));
                    }
                } else {
                    delivered++;
                    if (count.get() > 1) {
                        dup = true;
                        duplicateDeliveries += count.get() - 1;
                    }
                }
            }
            if (all) {
                messagesDelivered++;
            } else {
                messagesLost++;
            }
            if (dup) {
                messagesDuplicated++;
            }
        }
        System.out.println();
        System.out.println("=== chaos result (seed " + seed + ", " + Math.round((System.nanoTime() - startNanos) / 1e9) + " s)");
        System.out.printf(Locale.ROOT, "messages generated:      %d (%d sent more than once: no success within %d s)%n",
                ordered.size(), sentTwiceOrMore, TimeUnit.NANOSECONDS.toSeconds(resendAfterNanos));
        System.out.printf(Locale.ROOT, "messages accepted:       %d (answered success)%n", accepted);
        System.out.printf(Locale.ROOT, "messages never accepted: %d%n", ordered.size() - accepted);
        System.out.printf(Locale.ROOT, "messages delivered:      %d (to every recipient)%n", messagesDelivered);
        System.out.printf(Locale.ROOT, "messages duplicated:     %d (some recipient got it more than once; allowed)%n", messagesDuplicated);
        System.out.printf(Locale.ROOT, "messages lost:           %d%n", messagesLost);
        System.out.printf(Locale.ROOT, "deliveries expected %d, delivered %d (%d first arrived after the final re-login), duplicate pushes %d, lost %d%n",
                expected, delivered, deliveredAfterRelogin.sum(), duplicateDeliveries, deliveriesLost);
        System.out.printf(Locale.ROOT, "client: reconnects %d, re-sends %d, login failures %d, kickoffs %d%n",
                reconnects.sum(), resends.sum(), loginFailures.sum(), kickoffs.sum());
        if (!failAnswers.isEmpty()) {
            System.out.println("answers other than success to message requests:");
            new TreeMap<>(failAnswers).forEach((k, v) -> System.out.println("  " + v.sum() + " x " + k));
        }
        lost.forEach(System.out::println);
        boolean ok = messagesLost == 0 && accepted >= messageTarget;
        System.out.println(ok ? "CHAOS OK: nothing lost" : "CHAOS FAILED: "
                + (messagesLost > 0 ? messagesLost + " accepted messages lost" : "fewer than " + messageTarget + " accepted"));
        return ok;
    }

    private static void log(String format, Object... args) {
        System.out.println(Instant.now().toString().substring(11, 19) + " chaos: " + String.format(Locale.ROOT, format, args));
    }
}
