package io.xuanxuan.gateway.dialect.xxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.gateway.transport.InboundFrame;
import io.xuanxuan.gateway.transport.WebSocketDoor;
import io.xuanxuan.gateway.transport.WebSocketWire;
import io.xuanxuan.gateway.transport.Wire;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One socket of the encrypted door: decrypts each binary frame with the login's token, refuses what cannot be a 2.x
 * request with a close (ISSUE17-PLAN "Refusals on the encrypted door"), translates the rest ({@link XxcInbound}) for
 * the gate, and sends the encrypted keep-alive data frame browsers need (they cannot see WebSocket pings).
 *
 * <ul>
 *   <li>a text frame: close 1003 (the 2.x clients send binary AES frames only);</li>
 *   <li>before the login succeeded, a frame that does not decrypt to JSON: close 1008 (the client holds another
 *       login's token: it must log in through /serverInfo again);</li>
 *   <li>after it, a frame whose padding is wrong: close 1007; one that decrypts but is not JSON: the gate's
 *       {@code fail}, encrypted, and the connection goes on.</li>
 * </ul>
 */
final class EncryptedSocket implements WebSocketDoor.Socket {

    private static final Logger log = LoggerFactory.getLogger(EncryptedSocket.class);

    static final CloseStatus TEXT_FRAME = new CloseStatus(CloseStatus.NOT_ACCEPTABLE.getCode(),
            "Send binary AES frames: this is the 2.x clients' encrypted door");
    static final CloseStatus WRONG_TOKEN = CloseStatus.POLICY_VIOLATION.withReason(
            "Frame not encrypted with this login's token: log in again through /serverInfo");
    static final CloseStatus BAD_PADDING = CloseStatus.BAD_DATA.withReason(
            "Frame does not decrypt with this login's token (bad AES length or padding)");
    static final CloseStatus TICKET_EXPIRED = CloseStatus.POLICY_VIOLATION.withReason(
            "This socket URL is no longer valid: log in again through /serverInfo");

    /** The keep-alive data frame (xxc-2x-dialect.md A.4): a pair the client does not know is ignored. */
    static final byte[] KEEPALIVE = "{\"module\":\"chat\",\"method\":\"ping\",\"result\":\"success\"}"
            .getBytes(StandardCharsets.UTF_8);

    /**
     * {@code usergetlist} requests whose answers have not been written, in order: were they asked with ids? Bounded:
     * a client that piles up more unanswered ones than this loses the oldest marks. That costs nothing wrong: every
     * {@code usergetlist} answer is the whole list (presence ignores the ids), so a mark on the wrong answer only
     * decides whether the client merges it into its list or replaces its list with it.
     */
    static final int MAX_PENDING_USER_LISTS = 32;

    private final Wire wire;
    private final XxcCipher cipher;
    private final Duration keepAliveInterval;
    private final GatewayMetrics metrics;
    private final CloseStatus refusal;
    private final ArrayDeque<Boolean> pendingUserLists = new ArrayDeque<>();

    private EncryptedSocket(WebSocketSession session, XxcCipher cipher, long urlUserId, Duration keepAliveInterval,
                            GatewayMetrics metrics, CloseStatus refusal) {
        this.cipher = cipher;
        this.keepAliveInterval = keepAliveInterval;
        this.metrics = metrics;
        this.refusal = refusal;
        this.wire = cipher != null ? new EncryptedWire(session, cipher, urlUserId, this::takeUserListMark)
                : new WebSocketWire(session);
    }

    /** A socket of {@code urlUserId}, keyed by its login's token. */
    static EncryptedSocket of(WebSocketSession session, String token, long urlUserId, Duration keepAliveInterval,
                              GatewayMetrics metrics) {
        return new EncryptedSocket(session, new XxcCipher(token), urlUserId, keepAliveInterval, metrics, null);
    }

    /** A socket whose URL no longer holds (it expired between the handshake and now): closed at once. */
    static EncryptedSocket refused(WebSocketSession session, GatewayMetrics metrics) {
        return new EncryptedSocket(session, null, 0, Duration.ZERO, metrics, TICKET_EXPIRED);
    }

    @Override
    public Wire wire() {
        return wire;
    }

    @Override
    public CloseStatus refusal() {
        return refusal;
    }

    @Override
    public InboundFrame inbound(Connection connection, WebSocketMessage message) {
        if (message.getType() != WebSocketMessage.Type.BINARY) {
            close(connection, TEXT_FRAME);
            return null;
        }
        byte[] encrypted = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(encrypted); // copied now: the buffer is released when this returns
        SessionBinding bound = connection.binding();
        byte[] plain;
        try {
            plain = cipher.decrypt(encrypted);
        } catch (XxcCipher.UndecryptableException e) {
            close(connection, bound == null ? WRONG_TOKEN : BAD_PADDING);
            return null;
        }
        JsonNode request = readJson(plain);
        if (!(request instanceof ObjectNode object)) {
            if (bound == null && request == null) {
                close(connection, WRONG_TOKEN); // padding that happens to be right under another key
                return null;
            }
            return InboundFrame.text(new String(plain, StandardCharsets.UTF_8)); // the gate says what is wrong
        }
        XxcInbound.Translated translated = XxcInbound.translate(object, bound);
        if (translated.answer() != null) {
            return InboundFrame.answeredByDoor(translated.text(), translated.answer());
        }
        if (isUserList(object)) {
            markUserList(translated.userListByIds());
        }
        return InboundFrame.text(translated.text());
    }

    @Override
    public Mono<Void> keepAlive(Connection connection) {
        if (refusal != null) {
            return Mono.never();
        }
        return Flux.interval(keepAliveInterval, keepAliveInterval)
                .doOnNext(tick -> connection.send(KEEPALIVE))
                .then();
    }

    private void close(Connection connection, CloseStatus status) {
        if (connection.closeNow(status)) {
            log.debug("connection {}: closed with {} {}", connection.id(), status.getCode(), status.getReason());
            metrics.closed(GatewayMetrics.CLOSE_PROTOCOL_ERROR);
        }
    }

    private static JsonNode readJson(byte[] plain) {
        try {
            JsonNode node = ProtocolJson.mapper().readTree(plain);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static boolean isUserList(ObjectNode request) {
        return request.path("method").isTextual() && request.path("module").isTextual()
                && "usergetlist".equalsIgnoreCase(request.path("method").textValue())
                && "chat".equalsIgnoreCase(request.path("module").textValue());
    }

    private synchronized void markUserList(boolean byIds) {
        if (pendingUserLists.size() == MAX_PENDING_USER_LISTS) {
            pendingUserLists.pollFirst();
        }
        pendingUserLists.addLast(byIds);
    }

    /** Whether the {@code usergetlist} answer being written answers a request with ids. */
    private synchronized boolean takeUserListMark() {
        Boolean byIds = pendingUserLists.pollFirst();
        return byIds != null && byIds;
    }
}
