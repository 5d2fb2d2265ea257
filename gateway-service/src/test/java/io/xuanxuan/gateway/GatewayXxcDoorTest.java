package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.netty.http.client.HttpClient;

/**
 * The 2.x clients' encrypted door ({@code /xxc/ws}) over real sockets, with a client that encrypts with javax.crypto
 * as the reference says ({@link XxcTestSocket}), not with the server's cipher: the handshake refusals, the
 * refusals of frames that cannot be a 2.x request, and the login, ping and extensions of a 2.x client. Logins are
 * answered on the fake bus as presence would. Same context as {@link GatewayWebSocketTest} (same properties); no
 * secret is configured, so the test and the gateway share this JVM's secret, as presence and the gateway do in
 * the standalone server.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "xuanxuan.gateway.id=gwtest")
class GatewayXxcDoorTest extends GatewayTestSupport {

    private static final XxcTokens TOKENS = XxcTokens.of("");
    private final List<XxcTestSocket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        sockets.forEach(XxcTestSocket::close);
        sockets.clear();
    }

    /** A socket URL's query and token for {@code userId}, as /serverInfo would hand them out. */
    record Issued(long userId, String query, String token) {
    }

    private static Issued issue(long userId, Instant at) {
        XxcTokens.Issued issued = TOKENS.issue(userId, at);
        String url = XxcDoor.socketUrl("ws://x" + XxcDoor.PATH, userId, issued.ticket());
        return new Issued(userId, url.substring(url.indexOf('?') + 1), issued.token());
    }

    private XxcTestSocket open(Issued issued) {
        XxcTestSocket socket = XxcTestSocket.connect(port, issued.query(), issued.token(), TIMEOUT);
        sockets.add(socket);
        return socket;
    }

    private static String login(String account) {
        return "{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"xuanxuan\",\"" + account
                + "\",\"5f4dcc3b5aa765d61d8327deb882cf99\",\"online\"],\"v\":\"2.3.0\",\"lang\":\"zh-cn\"}";
    }

    private static String request(String method, long userId) {
        return "{\"module\":\"chat\",\"method\":\"" + method + "\",\"params\":[],\"userID\":" + userId
                + ",\"v\":\"2.3.0\",\"lang\":\"zh-cn\"}";
    }

    /** Logs a 2.x client in: the login (with the server name) reaches presence as our 3-parameter login. */
    private XxcTestSocket loggedIn(Issued issued) {
        XxcTestSocket socket = open(issued);
        String account = "user" + issued.userId();
        socket.send(login(account));
        Answered answered = answerLogin(account, issued.userId());
        List<JsonNode> frame = socket.nextFrame();
        assertThat(frame).as("the login answer and the session id, in one frame").hasSize(2);
        assertThat(frame.get(0).path("method").asText()).isEqualTo("login");
        assertThat(frame.get(0).path("result").asText()).isEqualTo("success");
        assertThat(frame.get(0).path("data").path("id").asLong()).isEqualTo(issued.userId());
        assertThat(frame.get(1).path("method").asText()).isEqualTo("SessionID");
        assertThat(frame.get(1).path("sessionID").asText()).isEqualTo(answered.sid());
        return socket;
    }

    // --- the handshake ---

    record HttpAnswered(int status, JsonNode body) {
    }

    /** A WebSocket handshake by hand, to read the refusal's status and body. */
    private HttpAnswered handshake(String query) {
        // a connection of its own: an upgraded one must never go back to a pool and carry the next request
        return HttpClient.newConnection()
                .headers(h -> h.set("Upgrade", "websocket").set("Connection", "Upgrade")
                        .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13")
                        .set("Origin", "http://elsewhere.example"))
                .get().uri("http://127.0.0.1:" + port + XxcDoor.PATH + (query.isEmpty() ? "" : "?" + query))
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new HttpAnswered(response.status().code(),
                                text.isEmpty() ? null : ProtocolJson.read(text, JsonNode.class))))
                .block(TIMEOUT);
    }

    @Test
    void aHandshakeWithoutUserAndTicketIsRefused401WithAJsonBody() {
        HttpAnswered answered = handshake("");
        assertThat(answered.status()).isEqualTo(401);
        assertThat(answered.body().path("result").asText()).isEqualTo("fail");
        assertThat(answered.body().path("message").asText()).contains("/serverInfo");
    }

    @Test
    void aStaleOrMalformedOrForeignTicketIsRefused401() {
        long user = newUserId();
        Issued stale = issue(user, Instant.now().minus(Duration.ofHours(25)));
        Issued fresh = issue(user, Instant.now());
        List<Function<Issued, String>> badQueries = List.of(
                issued -> stale.query(),
                issued -> "user=" + user + "&ticket=not-a-ticket",
                issued -> "user=abc&ticket=" + fresh.query().substring(fresh.query().indexOf("ticket=") + 7),
                issued -> "user=" + user);
        for (Function<Issued, String> query : badQueries) {
            HttpAnswered answered = handshake(query.apply(fresh));
            assertThat(answered.status()).as(query.apply(fresh)).isEqualTo(401);
            assertThat(answered.body().path("message").asText()).contains("/serverInfo");
        }
    }

    @Test
    void aFreshTicketIsUpgradedFromAnyOrigin() {
        HttpAnswered answered = handshake(issue(newUserId(), Instant.now()).query());
        assertThat(answered.status()).isEqualTo(101);
    }

    // --- frames that cannot be a 2.x request ---

    @Test
    void aTextFrameIsClosedWith1003() {
        XxcTestSocket socket = open(issue(newUserId(), Instant.now()));
        socket.sendText(login("someone"));
        WebSocketCloseStatus close = socket.awaitClose();
        assertThat(close.code()).isEqualTo(1003);
        assertThat(close.reasonText()).contains("binary AES");
    }

    @Test
    void aFrameUnderAnotherTokenBeforeTheLoginIsClosedWith1008() {
        long user = newUserId();
        Issued issued = issue(user, Instant.now());
        XxcTestSocket socket = open(issued);
        socket.send(login("user" + user), issue(user, Instant.now()).token()); // another login's token
        WebSocketCloseStatus close = socket.awaitClose();
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reasonText()).contains("/serverInfo");
    }

    @Test
    void anOversizedFrameIsClosedWith1009() {
        XxcTestSocket socket = open(issue(newUserId(), Instant.now()));
        socket.sendBinary(new byte[70 * 1024]);
        assertThat(socket.awaitClose().code()).isEqualTo(1009);
    }

    // --- a logged-in 2.x client ---

    @Test
    void aPingIsAnsweredEncrypted() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = loggedIn(issued);
        socket.send(request("ping", issued.userId()));
        JsonNode answer = socket.await(item -> "ping".equals(item.path("method").asText()) && item.has("result"));
        assertThat(answer.path("result").asText()).isEqualTo("success");
    }

    @Test
    void extensionsAreAnsweredWithAnEmptyArray() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = loggedIn(issued);
        socket.send(request("extensions", issued.userId()));
        JsonNode answer = socket.awaitMethod("extensions");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        assertThat(answer.path("data").isArray()).isTrue();
        assertThat(answer.path("data").size()).isZero();
    }

    @Test
    void extensionsBeforeTheLoginAreDenied() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = open(issued);
        socket.send(request("extensions", issued.userId()));
        JsonNode answer = socket.awaitMethod("extensions");
        assertThat(answer.path("result").asText()).isEqualTo("denied");
    }

    @Test
    void anotherUsersIdIsDeniedAndTheConnectionGoesOn() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = loggedIn(issued);
        socket.send(request("getlist", issued.userId() + 1));
        JsonNode answer = socket.awaitMethod("getlist");
        assertThat(answer.path("result").asText()).isEqualTo("denied");
        socket.send(request("ping", issued.userId()));
        assertThat(socket.awaitMethod("ping").path("result").asText()).isEqualTo("success");
    }

    @Test
    void aLoginAsAnotherUserThanTheUrlsIsClosedWith1008AndNotAnswered() {
        long urlUser = newUserId();
        long other = newUserId();
        XxcTestSocket socket = open(issue(urlUser, Instant.now()));
        socket.send(login("user" + other));
        answerLogin("user" + other, other);
        WebSocketCloseStatus close = socket.awaitClose();
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reasonText()).contains("another user");
        assertThat(socket.items()).as("no login answer reached the socket").isEmpty();
    }

    @Test
    void afterTheLoginBadPaddingIsClosedWith1007() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = loggedIn(issued);
        socket.sendBinary(new byte[32]); // two blocks of zeros: not a padding of this key
        assertThat(socket.awaitClose().code()).isEqualTo(1007);
    }

    @Test
    void afterTheLoginAFrameThatIsNotJsonGetsAnEncryptedFailAndTheConnectionGoesOn() {
        Issued issued = issue(newUserId(), Instant.now());
        XxcTestSocket socket = loggedIn(issued);
        socket.send("this is not JSON");
        JsonNode answer = socket.await(item -> item.has("result"));
        assertThat(answer.path("result").asText()).isEqualTo("fail");
        assertThat(answer.path("message").asText()).contains("JSON");
        socket.send(request("ping", issued.userId()));
        assertThat(socket.awaitMethod("ping").path("result").asText()).isEqualTo("success");
    }
}
