package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the gateway tests share: clients that are closed after each test, and a scripted login. */
abstract class GatewayTestSupport {

    /** How long the gateway's tests wait for what the gateway must do. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicLong USER_IDS = new AtomicLong(1000);
    /** Login commands already answered (a user may log in twice). */
    private static final Set<String> ANSWERED_LOGINS = ConcurrentHashMap.newKeySet();

    @LocalServerPort
    int port;

    @Autowired
    FakeMessageBus bus;

    @Autowired
    ConnectionRegistry registry;

    @Autowired
    MeterRegistry meters;

    private final List<WsClient> clients = new ArrayList<>();
    private final List<TcpClient> tcpClients = new ArrayList<>();

    /** A logged-in connection. */
    record LoggedIn(WsClient client, String connectionId, long userId, String account, String sid) {
    }

    /** A TCP connection (the legacy door) logged in through the bus, as presence would answer it. */
    record TcpSession(TcpClient client, String connectionId, long userId, String sid) {
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
        tcpClients.forEach(TcpClient::close);
        tcpClients.clear();
    }

    /** A TCP client closed after the test, with the gateway tests' wait. */
    TcpClient trackTcp(TcpClient client) {
        client.withTimeout(TIMEOUT);
        tcpClients.add(client);
        return client;
    }

    /** Logs a TCP client in as {@link #login(WsClient, long)} does a WebSocket one. */
    TcpSession tcpLogin(TcpClient client, long userId) {
        client.sendRaw(loginRequest("user" + userId));
        Answered answered = answerLogin("user" + userId, userId);
        JsonNode answer = client.next();
        assertThat(answer.path("method").asText()).isEqualTo("login");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        assertThat(answer.path("sid").asText()).isEqualTo(answered.sid());
        return new TcpSession(client, answered.connectionId(), userId, answered.sid());
    }

    /** Sends a ping over TCP and expects its success: the connection is served. */
    static void assertServed(TcpSession session) {
        session.client().sendRaw(ping(session.sid()));
        JsonNode answer = session.client().nextMatching(item -> item.isObject() && "ping".equals(item.path("method").asText()));
        assertThat(answer.path("result").asText()).isEqualTo("success");
    }

    WsClient connect() {
        return track(WsClient.connect(port));
    }

    WsClient track(WsClient client) {
        client.withTimeout(TIMEOUT);
        clients.add(client);
        return client;
    }

    static long newUserId() {
        return USER_IDS.incrementAndGet();
    }

    /**
     * Logs a client in as presence would: the login request is published; the test answers it with a
     * login response that binds the session, and the client reads that response.
     */
    LoggedIn login(WsClient client, long userId) {
        String account = "user" + userId;
        client.sendRaw(loginRequest(account));
        Answered answered = answerLogin(account, userId);
        JsonNode answer = client.next();
        assertThat(answer.path("method").asText()).isEqualTo("login");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        assertThat(answer.path("sid").asText()).isEqualTo(answered.sid());
        assertThat(answer.path("data").path("id").asLong()).isEqualTo(userId);
        return new LoggedIn(client, answered.connectionId(), userId, account, answered.sid());
    }

    /** A login as the 1.0 client sends it (positional params, no sid). */
    static String loginRequest(String account) {
        return "{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"" + account
                + "\",\"5f4dcc3b5aa765d61d8327deb882cf99\",\"online\"]}";
    }

    /** The login of {@code account}, answered as presence would. */
    record Answered(String connectionId, String sid) {
    }

    /** Waits for the login command of {@code account} and answers it with a success that binds the session. */
    Answered answerLogin(String account, long userId) {
        Command login = bus.await(p -> p.topic().equals(Topics.commands(ServiceName.PRESENCE))
                && p.record() instanceof Command c && c.request() != null
                && c.request().route().equals("chat/login")
                && account.equals(firstParam(c)) && ANSWERED_LOGINS.add(c.commandId()), TIMEOUT).command();
        String sid = "sid-" + UUID.randomUUID();
        JsonNode user = ProtocolJson.toTree(Map.of("id", userId, "account", account, "status", "online"));
        Response response = new Response("chat", "login", Result.SUCCESS, sid, null, user, null);
        bus.deliver(Delivery.response(login.connectionId(), response)
                .binding(new SessionBinding(userId, account, sid)));
        return new Answered(login.connectionId(), sid);
    }

    LoggedIn connectAndLogin() {
        return login(connect(), newUserId());
    }

    /** The first positional parameter of a request command, or null. */
    static String firstParam(Command command) {
        if (command.request() == null || command.request().params() == null) {
            return null;
        }
        return command.request().params().path(0).asText(null);
    }

    static String request(String module, String method, String sid) {
        return "{\"module\":\"" + module + "\",\"method\":\"" + method + "\""
                + (sid != null ? ",\"sid\":\"" + sid + "\"" : "") + "}";
    }

    static String ping(String sid) {
        return request(Methods.MODULE_CHAT, Methods.PING, sid);
    }

    /** Sends a ping and expects its success: the connection is served. */
    static void assertServed(LoggedIn session) {
        session.client().sendRaw(ping(session.sid()));
        JsonNode answer = session.client().nextMatching(f -> f.isObject() && "ping".equals(f.path("method").asText()));
        assertThat(answer.path("result").asText()).isEqualTo("success");
    }

    double counter(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter != null ? counter.count() : 0;
    }
}
