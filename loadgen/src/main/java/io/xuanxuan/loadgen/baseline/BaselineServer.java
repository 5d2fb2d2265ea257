package io.xuanxuan.loadgen.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.xuanxuan.loadgen.Accounts;
import io.xuanxuan.loadgen.CommandLines;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.RequestParser;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import org.reactivestreams.Publisher;

/**
 * The ceiling of this stack on this machine (issue 6): a Reactor Netty WebSocket server that parses the
 * same envelope with the same {@link RequestParser}, keeps everything in memory and has no database, no
 * bus and no persistence, but does the same protocol work as the real server for every benchmark scenario:
 *
 * <ul>
 *   <li>{@code login}: any account and any password are accepted (an unknown account is created on its
 *       first login; {@code --accounts=N} creates u0001..uN up front, like the real server's imported
 *       accounts, so {@code userGetlist} lists all of them from the start). Answers the User and a sid,
 *       then pushes to this connection {@code userGetlist} (every known User, serialized from real
 *       {@link User} records), {@code getList} (the user's chats) and the user's queued offline messages
 *       (frames of up to 200 packets), and pushes {@code login} with the User to every other logged-in
 *       connection. An older connection of the same account gets {@code kickoff} and is closed.</li>
 *   <li>{@code create} (one2one, group: the chat and, if new, a {@code create} push to its other online
 *       members), {@code message} (answered with the messages as stored, kept nowhere; like the real
 *       server one {@code message} push packet per message to every other member: online members get it
 *       at once as a frame of its own, the others' is queued in memory, at most 1,000,000 queued pushes
 *       in all, and flushed at their next login, once),
 *       {@code userGetlist}, {@code getList}, {@code logout}, {@code ping} (and anything else: success).</li>
 *   <li>What waits to be written to a connection is bounded ({@code --outbound-frames}, 1024 like the
 *       gateway's default); one more frame and the connection is closed with 1008 as too slow.</li>
 *   <li>{@code /actuator/health}, and {@code /actuator/metrics/<name>} for the few figures the load
 *       generator reads: {@code jvm.memory.used}/{@code jvm.memory.max} (heap), {@code process.cpu.usage},
 *       {@code process.cpu.time}, {@code xuanxuan.gateway.closes} (reason {@code too-slow}).</li>
 * </ul>
 *
 * <p>No sid check beyond "this connection's sid", no permissions but membership, no acknowledgements:
 * a queued push is forgotten once it is handed to the connection.
 *
 * <p>{@code java -jar loadgen/target/xuanxuan-loadgen.jar baseline-server --port=9100 [--accounts=N]
 * [--outbound-frames=1024]}
 */
public final class BaselineServer {

    private static final int MAX_FRAME = 65536;
    private static final int FLUSH_BATCH = 200;
    private static final long MAX_QUEUED = 1_000_000;

    private final int outboundFrames;
    private final Map<String, UserState> byAccount = new ConcurrentHashMap<>();
    private final Map<Long, UserState> byId = new ConcurrentHashMap<>();
    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    private final Set<Connection> loggedIn = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextUserId = new AtomicLong();
    private final AtomicLong nextChatId = new AtomicLong();
    private final AtomicLong nextMessageId = new AtomicLong();
    private final AtomicLong nextPushId = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong queueDropped = new AtomicLong();
    private final AtomicLong closedTooSlow = new AtomicLong();

    /** One socket: its outbound queue, and the user once logged in. */
    private static final class Connection {
        final Sinks.Many<String> out;
        volatile UserState user;
        volatile String sid;
        volatile boolean closing;
        volatile int closeCode = 1000;

        Connection(int frames) {
            // bounded, but not allocated up front (thousands of idle sessions)
            this.out = Sinks.many().unicast().onBackpressureBuffer(new LinkedBlockingQueue<>(frames));
        }
    }

    /** A user; its connection and offline queue are guarded by the object's lock. */
    private static final class UserState {
        final long id;
        final String account;
        final Set<String> chats = ConcurrentHashMap.newKeySet();
        final ArrayDeque<String> queue = new ArrayDeque<>();
        volatile String status = "offline";
        Connection connection;

        UserState(long id, String account) {
            this.id = id;
            this.account = account;
        }

        User toUser() {
            return new User(id, account, "Bench " + account, "", "", 0, status, User.ADMIN_NO, "", "", "", "", "");
        }
    }

    private BaselineServer(int outboundFrames) {
        this.outboundFrames = outboundFrames;
    }

    /** The command line: {@code --port=9100 --accounts=0 --outbound-frames=1024}. */
    static final class Arguments {
        @Option(names = "--port")
        int port = 9100;
        @Option(names = "--accounts")
        int accounts = 0;
        @Option(names = "--outbound-frames")
        int frames = 1024;
    }

    public static void main(String[] args) {
        Arguments arguments = new Arguments();
        try {
            CommandLines.parse(arguments, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (--port=9100 --accounts=0 --outbound-frames=1024)");
            System.exit(2);
        }
        int port = arguments.port;
        int accounts = arguments.accounts;
        int frames = arguments.frames;
        BaselineServer baseline = new BaselineServer(frames);
        for (int i = 1; i <= accounts; i++) {
            baseline.user(Accounts.name(i, accounts));
        }
        DisposableServer server = baseline.start(port);
        System.out.println("baseline server pid " + ProcessHandle.current().pid() + " on ws://127.0.0.1:" + server.port()
                + "/ws (" + accounts + " accounts created; any account/password logs in)");
        server.onDispose().block();
    }

    DisposableServer start(int port) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes
                        .get("/actuator/health", (request, response) -> json(response, "{\"status\":\"UP\"}"))
                        .get("/actuator/metrics/{name}", this::metric)
                        .ws("/ws", this::session, WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build()))
                .bindNow();
    }

    private UserState user(String account) {
        return byAccount.computeIfAbsent(account, a -> {
            UserState user = new UserState(nextUserId.incrementAndGet(), a);
            byId.put(user.id, user);
            return user;
        });
    }

    private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out) {
        Connection connection = new Connection(outboundFrames);
        Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receive().asString()
                .doOnNext(text -> handle(text, connection))
                .doOnError(e -> System.err.println("connection " + (connection.user == null ? "?" : connection.user.account)
                        + " failed: " + e))
                .then()
                .doFinally(signal -> closed(connection));
        Mono<Void> writing = out.sendString(connection.out.asFlux()).then()
                .then(Mono.defer(() -> out.sendClose(connection.closeCode, connection.closeCode == 1000 ? "bye" : "too slow")))
                .onErrorResume(e -> Mono.empty());
        return Mono.when(reading, writing);
    }

    private void closed(Connection connection) {
        synchronized (connection) {
            connection.closing = true;
            connection.out.tryEmitComplete();
        }
        loggedIn.remove(connection);
        UserState user = connection.user;
        if (user != null) {
            synchronized (user) {
                if (user.connection == connection) {
                    user.connection = null;
                    user.status = "offline";
                }
            }
        }
    }

    private void handle(String text, Connection connection) {
        RequestParser.Parsed parsed = RequestParser.parse(text);
        if (!parsed.ok()) {
            emit(connection, "{\"result\":\"fail\",\"message\":" + ProtocolJson.write(parsed.error()) + "}");
            return;
        }
        Request request = parsed.request();
        String method = request.method().toLowerCase(Locale.ROOT);
        try {
            if (method.equals("login")) {
                login(request, connection);
                return;
            }
            if (connection.user == null || !connection.sid.equals(request.sid())) {
                emit(connection, ProtocolJson.write(response(request, null).put("result", "denied")
                        .put("message", "Not logged in, or not this connection's sid.")));
                return;
            }
            switch (method) {
                case "create" -> create(request, connection);
                case "message" -> message(request, connection);
                case "usergetlist" -> emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(users()))));
                case "getlist" -> emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(chatsOf(connection.user)))));
                case "logout" -> logout(request, connection);
                default -> emit(connection, ProtocolJson.write(response(request, null)));
            }
        } catch (RuntimeException e) {
            emit(connection, ProtocolJson.write(response(request, null).put("result", "fail")
                    .put("message", String.valueOf(e.getMessage()))));
        }
    }

    private void login(Request request, Connection connection) {
        Params params = request.params("account", "password", "status");
        String account = params.text("account").trim();
        if (account.isEmpty() || account.length() > 64) {
            throw new IllegalArgumentException("Parameter 'account' must be 1 to 64 characters.");
        }
        UserState user = user(account);
        user.status = "online";
        connection.user = user;
        connection.sid = UUID.randomUUID().toString().replace("-", "");
        User record = user.toUser();
        emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(record)).put("sid", connection.sid)));
        emit(connection, push("userGetlist", users()));
        String loginPush = push("login", record);
        loggedIn.add(connection);
        for (Connection other : loggedIn) {
            if (other != connection && other.user != user) {
                emit(other, loginPush);
            }
        }
        Connection older;
        synchronized (user) {
            older = user.connection;
            user.connection = connection;
            emit(connection, push("getList", chatsOf(user)));
            StringBuilder frame = new StringBuilder();
            int inFrame = 0;
            String packet;
            while ((packet = user.queue.poll()) != null) {
                frame.append(inFrame == 0 ? "[" : ",").append(packet);
                queued.decrementAndGet();
                if (++inFrame == FLUSH_BATCH) {
                    emit(connection, frame.append(']').toString());
                    frame.setLength(0);
                    inFrame = 0;
                }
            }
            if (inFrame > 0) {
                emit(connection, frame.append(']').toString());
            }
        }
        if (older != null && older != connection) {
            loggedIn.remove(older);
            emit(older, "{\"module\":\"chat\",\"method\":\"kickoff\",\"message\":\"This account logined in another place.\"}");
            close(older, 1000);
        }
    }

    private void logout(Request request, Connection connection) {
        UserState user = connection.user;
        synchronized (user) {
            if (user.connection == connection) {
                user.connection = null;
                user.status = "offline";
            }
        }
        loggedIn.remove(connection);
        User record = user.toUser().withStatus("offline");
        emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(record))));
        String logoutPush = push("logout", record);
        for (Connection other : loggedIn) {
            if (other.user != user) {
                emit(other, logoutPush);
            }
        }
        close(connection, 1000);
    }

    private void create(Request request, Connection connection) {
        Params params = request.params("gid", "name", "type", "members", "subject", "public");
        String gid = params.text("gid");
        UserState creator = connection.user;
        Chat existing = chats.get(gid);
        if (existing != null) {
            emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(existing))));
            return;
        }
        List<Long> members = new ArrayList<>(params.optionalIds("members").orElse(List.of()));
        if (!members.contains(creator.id)) {
            members.add(creator.id);
        }
        String type = params.text("type", "group");
        long now = System.currentTimeMillis() / 1000;
        Chat chat = new Chat(nextChatId.incrementAndGet(), gid, params.text("name", ""), type,
                type.equals("group") ? List.of(creator.id) : List.of(), "", params.longValue("subject", 0),
                params.bool("public", false), creator.account, now, "", 0, now, List.copyOf(members), null, null, null);
        Chat raced = chats.putIfAbsent(gid, chat);
        if (raced != null) {
            emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(raced))));
            return;
        }
        for (Long member : members) {
            UserState user = byId.get(member);
            if (user != null) {
                user.chats.add(gid);
            }
        }
        emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(chat))));
        String frame = push("create", chat);
        for (Long member : members) {
            UserState user = byId.get(member);
            if (user != null && member != creator.id) {
                Connection target;
                synchronized (user) {
                    target = user.connection;
                }
                if (target != null) {
                    emit(target, frame);
                }
            }
        }
    }

    private void message(Request request, Connection connection) {
        JsonNode params = request.params();
        JsonNode list = params != null && params.isArray() ? params : params == null ? null : params.get("messages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("Parameter 'messages' must be a non-empty array.");
        }
        UserState sender = connection.user;
        String cgid = list.get(0).path("cgid").asText();
        Chat chat = chats.get(cgid);
        if (chat == null || !chat.members().contains(sender.id)) {
            throw new IllegalArgumentException("Not a member of chat " + cgid + ".");
        }
        long now = System.currentTimeMillis() / 1000;
        List<Message> stored = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            stored.add(new Message(nextMessageId.incrementAndGet(), item.path("gid").asText(), cgid, sender.id, now,
                    item.path("type").asText("normal"), item.path("contentType").asText("text"),
                    item.path("content").asText("")));
        }
        emit(connection, ProtocolJson.write(response(request, ProtocolJson.toTree(stored))));
        // like the real server: one push packet per message (data = [message]), a frame each when live
        for (Message message : stored) {
            String packet = packet("message", List.of(message));
            String frame = "[" + packet + "]";
            for (Long member : chat.members()) {
                UserState user = byId.get(member);
                if (user == null || member == sender.id) {
                    continue;
                }
                synchronized (user) {
                    if (user.connection != null) {
                        emit(user.connection, frame);
                    } else if (queued.incrementAndGet() <= MAX_QUEUED) {
                        user.queue.add(packet);
                    } else {
                        queued.decrementAndGet();
                        if (queueDropped.incrementAndGet() == 1) {
                            System.err.println("offline queues full (" + MAX_QUEUED + " pushes): dropping further pushes");
                        }
                    }
                }
            }
        }
    }

    private List<User> users() {
        List<User> users = new ArrayList<>(byId.size());
        byId.values().forEach(u -> users.add(u.toUser()));
        return users;
    }

    private List<Chat> chatsOf(UserState user) {
        List<Chat> list = new ArrayList<>();
        for (String gid : user.chats) {
            Chat c = chats.get(gid);
            if (c != null) {
                list.add(new Chat(c.id(), c.gid(), c.name(), c.type(), c.admins(), c.committers(), c.subject(),
                        c.isPublic(), c.createdBy(), c.createdDate(), c.editedBy(), c.editedDate(), c.lastActiveTime(),
                        c.members(), false, false, false));
            }
        }
        return list;
    }

    private static ObjectNode response(Request request, JsonNode data) {
        ObjectNode answer = ProtocolJson.nodes().objectNode().put("module", request.module())
                .put("method", request.method()).put("result", "success");
        if (data != null) {
            answer.set("data", data);
        }
        return answer;
    }

    /** One push packet {@code {id, module, method, data}} (a live push: the id is this server's sequence). */
    private String packet(String method, Object data) {
        return ProtocolJson.write(PushPacket.of(method, data).withId(nextPushId.incrementAndGet()));
    }

    /** A push frame of one packet. */
    private String push(String method, Object data) {
        return "[" + packet(method, data) + "]";
    }

    /** Queues a frame on a connection (serialized: pushes come from other connections' threads). */
    private void emit(Connection connection, String frame) {
        synchronized (connection) {
            if (connection.closing) {
                return;
            }
            if (connection.out.tryEmitNext(frame) == Sinks.EmitResult.FAIL_OVERFLOW) {
                closedTooSlow.incrementAndGet();
                close(connection, 1008);
            }
        }
    }

    /** Ends the outbound stream after what is queued; a close frame with {@code code} follows. */
    private static void close(Connection connection, int code) {
        synchronized (connection) {
            if (!connection.closing) {
                connection.closing = true;
                connection.closeCode = code;
                connection.out.tryEmitComplete();
            }
        }
    }

    // --- the few actuator figures the load generator reads

    private Publisher<Void> metric(HttpServerRequest request, HttpServerResponse response) {
        String name = request.param("name");
        String query = request.uri().contains("?") ? request.uri().substring(request.uri().indexOf('?')) : "";
        var memory = ManagementFactory.getMemoryMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double value;
        String tags = "[]";
        switch (name == null ? "" : name) {
            case "jvm.memory.used" -> value = query.contains("nonheap")
                    ? memory.getNonHeapMemoryUsage().getUsed() : memory.getHeapMemoryUsage().getUsed();
            case "jvm.memory.max" -> value = memory.getHeapMemoryUsage().getMax();
            case "process.cpu.usage" -> value = os.getProcessCpuLoad();
            case "process.cpu.time" -> value = os.getProcessCpuTime();
            case "xuanxuan.gateway.closes" -> {
                value = closedTooSlow.get();
                if (value == 0) {
                    return response.status(404).send();
                }
                tags = "[{\"tag\":\"reason\",\"values\":[\"too-slow\"]}]";
            }
            default -> {
                return response.status(404).send();
            }
        }
        return json(response, "{\"name\":" + ProtocolJson.write(name) + ",\"measurements\":[{\"statistic\":\"VALUE\",\"value\":"
                + value + "}],\"availableTags\":" + tags + "}");
    }

    private static Publisher<Void> json(HttpServerResponse response, String body) {
        return response.header("Content-Type", "application/json").sendString(Mono.just(body));
    }
}
