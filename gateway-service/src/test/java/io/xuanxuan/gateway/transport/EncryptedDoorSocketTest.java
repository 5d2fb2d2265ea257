package io.xuanxuan.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.gateway.dialect.xxc.EncryptedDoor;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One socket of the encrypted door without a server: its keep-alive data frame, and the {@code partial} mark of a
 * {@code usergetlist} asked with ids, from the request read to the answer written. Frames are decrypted with
 * javax.crypto as the 2.x client does, not with the server's cipher.
 */
class EncryptedDoorSocketTest {

    private static final long USER = 42;
    private static final DataBufferFactory FACTORY = DefaultDataBufferFactory.sharedInstance;

    private String token;
    private WebSocketDoor.Socket socket;
    private Connection connection;
    private final List<WebSocketMessage> written = new CopyOnWriteArrayList<>();
    private Disposable writing;
    private Disposable keepAlive;

    @BeforeEach
    void setUp() {
        XxcTokens tokens = XxcTokens.of("a-test-secret-of-the-door");
        XxcTokens.Issued issued = tokens.issue(USER, Instant.now());
        token = issued.token();
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.bufferFactory()).thenReturn(FACTORY);
        when(session.pingMessage(any())).thenAnswer(invocation -> {
            Function<DataBufferFactory, DataBuffer> payload = invocation.getArgument(0);
            return new WebSocketMessage(WebSocketMessage.Type.PING, payload.apply(FACTORY));
        });
        when(session.close(any())).thenReturn(Mono.empty());
        when(session.getHandshakeInfo()).thenReturn(new HandshakeInfo(
                URI.create(XxcDoor.socketUrl("ws://127.0.0.1:1" + XxcDoor.PATH, USER, issued.ticket())),
                new HttpHeaders(), Mono.empty(), null));
        EncryptedDoor door = new EncryptedDoor(tokens, Duration.ofHours(24), Duration.ofMillis(20), Clock.systemUTC(),
                new GatewayMetrics(null));
        socket = door.open(session);
        connection = new Connection("gw-x-1", socket.wire(), null, 100, 65536, Duration.ofSeconds(5), null,
                new GatewayMetrics(null));
        writing = connection.outbound().subscribe(written::add);
    }

    @AfterEach
    void tearDown() {
        writing.dispose();
        if (keepAlive != null) {
            keepAlive.dispose();
        }
    }

    private List<JsonNode> decrypted(WebSocketMessage message) throws Exception {
        assertThat(message.getType()).isEqualTo(WebSocketMessage.Type.BINARY);
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        byte[] key = token.getBytes(StandardCharsets.US_ASCII);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        String plain = new String(cipher.doFinal(bytes), StandardCharsets.UTF_8);
        return java.util.Arrays.stream(plain.split("\n")).map(line -> ProtocolJson.read(line, JsonNode.class)).toList();
    }

    private WebSocketMessage encrypted(String json) throws Exception {
        byte[] key = token.getBytes(StandardCharsets.US_ASCII);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return new WebSocketMessage(WebSocketMessage.Type.BINARY,
                FACTORY.wrap(cipher.doFinal(json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theKeepAliveIsAnEncryptedChatPingDataFrame() throws Exception {
        keepAlive = socket.keepAlive(connection).subscribe();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !written.isEmpty());
        JsonNode frame = decrypted(written.get(0)).get(0);
        assertThat(frame.toString()).isEqualTo("{\"module\":\"chat\",\"method\":\"ping\",\"result\":\"success\"}");
    }

    @Test
    void theAnswerToAUserListWithIdsIsPartialAndTheNextIsNot() throws Exception {
        assertThat(connection.bind(new SessionBinding(USER, "u42", "sid-42"))).isTrue();
        InboundFrame byIds = socket.inbound(connection, encrypted(
                "{\"module\":\"chat\",\"method\":\"usergetlist\",\"params\":[[3,4]],\"userID\":42}"));
        InboundFrame all = socket.inbound(connection, encrypted(
                "{\"module\":\"chat\",\"method\":\"usergetlist\",\"params\":[\"\"],\"userID\":42}"));
        assertThat(ProtocolJson.read(byIds.text(), JsonNode.class).path("sid").asText()).isEqualTo("sid-42");
        assertThat(all.doorAnswer()).isNull();
        String answer = "{\"module\":\"chat\",\"method\":\"usergetlist\",\"result\":\"success\",\"data\":[]}";
        connection.send(answer.getBytes(StandardCharsets.UTF_8));
        connection.send(answer.getBytes(StandardCharsets.UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
        assertThat(decrypted(written.get(0)).get(0).path("partial").asBoolean()).isTrue();
        assertThat(decrypted(written.get(1)).get(0).has("partial")).isFalse();
    }

    @Test
    void aLoginAsAnotherUserIsNotBound() {
        assertThat(connection.bind(new SessionBinding(USER + 1, "other", "sid-x"))).isFalse();
        assertThat(connection.binding()).isNull();
        assertThat(connection.isClosing()).isTrue();
        assertThat(connection.closeStatus().getCode()).isEqualTo(1008);
    }
}
