package io.xuanxuan.standalone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;

/**
 * What a protocol test suite needs of the server under test, so one suite runs against the
 * standalone server and against the distributed services: where to connect (a distributed setup
 * hands out its gateways in turn, so clients of one test sit on different gateways), the clock that
 * presence uses, and presence's account store for checks a client cannot make.
 *
 * <p>A suite runs over the transport its test class names ({@link #transport()}, WebSocket unless a TCP
 * variant says otherwise): {@link #client()} and {@link #client(String)} hand out a {@link ProtocolClient} of
 * that transport. {@link #connect()} and {@link #login(String)} hand out a {@link WsClient} for the parts of a
 * suite that need what only WebSocket has (raw frames, pings and pongs, close codes); in a TCP variant they
 * skip the test rather than silently run it over WebSocket.
 */
public interface ProtocolTestSupport {

    /** The transports a suite runs over. */
    enum Transport { WEBSOCKET, TCP }

    /** The gateway port for the next client. */
    int nextPort();

    TestClock clock();

    AccountStore accounts();

    /** The transport of this test class's clients. */
    default Transport transport() {
        return Transport.WEBSOCKET;
    }

    /**
     * How long a push must stay on an open connection of this class's transport before it counts as read: none on
     * WebSocket (the client's pong confirms it), the gateway's {@code tcp.receipt-delay} on the TCP door (its
     * default, 3 s, with which every server under test runs).
     */
    default Duration receiptSettle() {
        return transport() == Transport.TCP ? Duration.ofSeconds(3) : Duration.ZERO;
    }

    /** The gateway's TCP (1.0 client) port for the next client; only where the door is on. */
    default int nextTcpPort() {
        throw new UnsupportedOperationException("this server under test has no TCP door");
    }

    /** A connected, not logged-in client of this class's transport. */
    default ProtocolClient client() {
        return transport() == Transport.TCP ? TcpClient.connect(nextTcpPort()) : WsClient.connect(nextPort());
    }

    /** A client of this class's transport, logged in as {@code account} (password 123456). */
    default ProtocolClient client(String account) {
        return transport() == Transport.TCP ? TcpClient.login(nextTcpPort(), account, "123456")
                : WsClient.login(nextPort(), account, "123456");
    }

    /** Skips the test in a TCP variant: it needs {@code feature}, which only WebSocket has. */
    default void assumeWebSocket(String feature) {
        assumeTrue(transport() == Transport.WEBSOCKET, () -> "WebSocket only: " + feature);
    }

    default WsClient connect() {
        assumeWebSocket("uses a WebSocket client");
        return WsClient.connect(nextPort());
    }

    default WsClient login(String account) {
        assumeWebSocket("uses a WebSocket client");
        return WsClient.login(nextPort(), account, "123456");
    }
}
