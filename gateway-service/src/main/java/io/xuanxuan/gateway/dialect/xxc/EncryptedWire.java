package io.xuanxuan.gateway.dialect.xxc;

import io.xuanxuan.gateway.transport.WebSocketWire;
import io.xuanxuan.gateway.transport.Wire;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The encrypted door's {@link Wire}: every frame is translated to the 2.x shape ({@link XxcOutbound}), encrypted with
 * the login's token ({@link XxcCipher}) and written as ONE binary frame (the 2.x clients decode binary frames only).
 * Receipts, keep-alive pings and the close are the JSON door's ({@link WebSocketWire}): both 2.x clients answer pings.
 * A login as another user than the socket URL's is refused ({@link #refuseBinding}).
 */
final class EncryptedWire implements Wire {

    /** The 2.x client logged in as someone else than the user /serverInfo issued this socket URL to. */
    static final CloseStatus OTHER_USER = CloseStatus.POLICY_VIOLATION.withReason(
            "This socket URL was issued to another user: log in through /serverInfo with the account you log in with");

    private final WebSocketSession session;
    private final WebSocketWire plain;
    private final XxcCipher cipher;
    private final long urlUserId;
    private final BooleanSupplier userListByIds;

    EncryptedWire(WebSocketSession session, XxcCipher cipher, long urlUserId, BooleanSupplier userListByIds) {
        this.session = session;
        this.plain = new WebSocketWire(session);
        this.cipher = cipher;
        this.urlUserId = urlUserId;
        this.userListByIds = userListByIds;
    }

    @Override
    public Object text(byte[] utf8) {
        byte[] translated;
        try {
            translated = XxcOutbound.translate(ProtocolJson.mapper().readTree(utf8), userListByIds)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException notJson) {
            translated = utf8; // every frame the gateway writes is JSON; should one not be, it goes as it is
        }
        return new WebSocketMessage(WebSocketMessage.Type.BINARY, session.bufferFactory().wrap(cipher.encrypt(translated)));
    }

    @Override
    public Object receipt(long number) {
        return plain.receipt(number);
    }

    @Override
    public Object keepAlive() {
        return plain.keepAlive();
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        return plain.close(status);
    }

    @Override
    public CloseStatus refuseBinding(SessionBinding binding) {
        return binding.userId() == urlUserId ? null : OTHER_USER;
    }
}
