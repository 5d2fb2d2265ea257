package io.xuanxuan.loadgen.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.RequestParser;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The ceiling of this stack on this machine (issue 6): a minimal Reactor Netty WebSocket server that
 * parses the same JSON envelope with the same parser and answers just enough of the protocol for the
 * load generator (login, create, message, ping) — fanning {@code message} pushes out to the members'
 * connections in memory, with no database, no bus, no queue and no acknowledgements. Every figure of the
 * real server is reported as a ratio to this one.
 *
 * <p>{@code java -jar loadgen/target/xuanxuan-loadgen.jar baseline-server --port=9100}
 */
public final class BaselineServer {

    private static final int OUTBOUND_FRAMES = 8192;

    private final Map<String, Long> userIds = new ConcurrentHashMap<>();
    private final Map<Long, Sinks.Many<String>> connections = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> members = new ConcurrentHashMap<>();
    private final AtomicLong nextUserId = new AtomicLong();
    private final AtomicLong nextMessageId = new AtomicLong();
    private final AtomicLong nextPushId = new AtomicLong();

    public static void main(String[] args) {
        int port = 9100;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            }
        }
        DisposableServer server = new BaselineServer().start(port);
        System.out.println("baseline server on ws://127.0.0.1:" + server.port() + "/ws");
        server.onDispose().block();
    }

    DisposableServer start(int port) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes
                        .get("/actuator/health", (request, response) -> response
                                .header("Content-Type", "application/json").sendString(Mono.just("{\"status\":\"UP\"}")))
                        .ws("/ws", this::session, WebsocketServerSpec.builder().maxFramePayloadLength(65536).build()))
                .bindNow();
    }

    private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out) {
        Queue<String> queue = new ArrayBlockingQueue<>(OUTBOUND_FRAMES);
        Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer(queue);
        long[] user = {0};
        Mono<Void> reading = in.aggregateFrames(65536).receive().asString()
                .doOnNext(text -> handle(text, outbound, user))
                .then()
                .doFinally(signal -> {
                    if (user[0] != 0) {
                        connections.remove(user[0], outbound);
                    }
                    outbound.tryEmitComplete();
                });
        return Mono.when(reading, out.sendString(outbound.asFlux()).then());
    }

    private void handle(String text, Sinks.Many<String> outbound, long[] user) {
        RequestParser.Parsed parsed = RequestParser.parse(text);
        if (!parsed.ok()) {
            emit(outbound, "{\"result\":\"fail\",\"message\":" + ProtocolJson.write(parsed.error()) + "}");
            return;
        }
        Request request = parsed.request();
        switch (request.method().toLowerCase(java.util.Locale.ROOT)) {
            case "login" -> login(request, outbound, user);
            case "create" -> create(request, outbound);
            case "message" -> message(request, outbound, user[0]);
            default -> emit(outbound, ProtocolJson.write(response(request, null)));
        }
    }

    private void login(Request request, Sinks.Many<String> outbound, long[] user) {
        String account = request.params("account", "password", "status").text("account");
        long id = userIds.computeIfAbsent(account, a -> nextUserId.incrementAndGet());
        user[0] = id;
        connections.put(id, outbound);
        ObjectNode answer = response(request, ProtocolJson.nodes().objectNode().put("id", id).put("account", account));
        answer.put("sid", UUID.randomUUID().toString().replace("-", ""));
        emit(outbound, ProtocolJson.write(answer));
        emit(outbound, push("userGetlist", ProtocolJson.nodes().arrayNode()));
        emit(outbound, push("getList", ProtocolJson.nodes().arrayNode()));
    }

    private void create(Request request, Sinks.Many<String> outbound) {
        var params = request.params("gid", "name", "type", "members");
        String gid = params.text("gid");
        List<Long> ids = params.optionalIds("members").orElse(List.of());
        members.putIfAbsent(gid, List.copyOf(ids));
        ObjectNode chat = ProtocolJson.nodes().objectNode().put("gid", gid);
        chat.set("members", ProtocolJson.toTree(members.get(gid)));
        emit(outbound, ProtocolJson.write(response(request, chat)));
    }

    private void message(Request request, Sinks.Many<String> outbound, long sender) {
        JsonNode params = request.params();
        JsonNode list = params != null && params.isArray() ? params : params == null ? null : params.get("messages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            emit(outbound, ProtocolJson.write(response(request, null).put("result", "fail")));
            return;
        }
        ArrayNode stored = ProtocolJson.nodes().arrayNode();
        for (JsonNode item : list) {
            ObjectNode message = ((ObjectNode) item.deepCopy()).put("id", nextMessageId.incrementAndGet())
                    .put("user", sender).put("date", System.currentTimeMillis() / 1000);
            stored.add(message);
        }
        emit(outbound, ProtocolJson.write(response(request, stored)));
        String push = push("message", stored);
        for (Long member : members.getOrDefault(stored.get(0).path("cgid").asText(), List.of())) {
            Sinks.Many<String> target = connections.get(member);
            if (member != sender && target != null) {
                emit(target, push);
            }
        }
    }

    private static ObjectNode response(Request request, JsonNode data) {
        ObjectNode answer = ProtocolJson.nodes().objectNode().put("module", request.module())
                .put("method", request.method()).put("result", "success");
        if (data != null) {
            answer.set("data", data);
        }
        return answer;
    }

    private String push(String method, JsonNode data) {
        ObjectNode packet = ProtocolJson.nodes().objectNode().put("id", nextPushId.incrementAndGet())
                .put("module", "chat").put("method", method);
        packet.set("data", data);
        return ProtocolJson.write(List.of(packet));
    }

    /** Serialized per connection: pushes come from other connections' threads. */
    private static void emit(Sinks.Many<String> outbound, String frame) {
        synchronized (outbound) {
            outbound.tryEmitNext(frame);
        }
    }
}
