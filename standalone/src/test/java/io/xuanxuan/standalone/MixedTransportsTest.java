package io.xuanxuan.standalone;

import static io.xuanxuan.standalone.MessageDeliveryInvariants.awaitAll;
import static io.xuanxuan.standalone.MessageDeliveryInvariants.firstSeen;
import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two doors, one server: a WebSocket user and a 1.0 client on the TCP door chat with each other, live and
 * offline (each gets what the other sent while it was away, in order, at its next login).
 */
class MixedTransportsTest extends StandaloneTcpServerTest implements ChatProtocolSupport {

    private static final int OFFLINE_MESSAGES = 20;

    @Test
    void aWebSocketUserAndATcpUserChatAndEachGetsTheOthersOfflineMessagesAtLogin() throws Exception {
        String cgid;
        List<String> whileTcpAway;
        try (WsClient ws = WsClient.login(nextPort(), "alice", "123456");
                TcpClient tcp = TcpClient.login(nextTcpPort(), "bob", "123456")) {
            cgid = ws.createOneToOne(tcp);
            String toTcp = newGid();
            ok(ws, send(ws, message(toTcp, cgid, "hello from the WebSocket")));
            assertThat(awaitAll(List.of(tcp), List.of(toTcp))).contains(toTcp);
            String toWs = newGid();
            ok(tcp, send(tcp, message(toWs, cgid, "hello from the TCP door")));
            assertThat(awaitAll(List.of(ws), List.of(toWs))).contains(toWs);

            tcp.close();
            awaitStatus(ws, "bob", "offline");
            whileTcpAway = sendAll(ws, cgid, "while bob (TCP) is away");
        }
        List<String> whileWsAway;
        try (TcpClient tcp = TcpClient.login(nextTcpPort(), "bob", "123456")) {
            List<String> received = awaitAll(List.of(tcp), whileTcpAway);
            assertThat(firstSeen(received, whileTcpAway)).containsExactlyElementsOf(whileTcpAway);
            awaitStatus(tcp, "alice", "offline");
            whileWsAway = sendAll(tcp, cgid, "while alice (WebSocket) is away");
        }
        try (WsClient ws = WsClient.login(nextPort(), "alice", "123456")) {
            List<String> received = awaitAll(List.of(ws), whileWsAway);
            assertThat(firstSeen(received, whileWsAway)).containsExactlyElementsOf(whileWsAway);
        }
    }

    /** Sends messages one request at a time, each answered with success; returns their gids in order. */
    private List<String> sendAll(ProtocolClient sender, String cgid, String label) {
        List<String> gids = new ArrayList<>();
        for (int i = 0; i < OFFLINE_MESSAGES; i++) {
            String gid = newGid();
            ok(sender, send(sender, message(gid, cgid, label + " " + i)));
            gids.add(gid);
        }
        return gids;
    }

    /** Waits until the server has seen the account go offline, so what follows goes to its offline queue. */
    private static void awaitStatus(ProtocolClient watcher, String account, String wanted) throws InterruptedException {
        Waits.within(Duration.ofSeconds(5), Duration.ofMillis(100), () -> wanted.equals(Frames.statusOf(
                watcher.request(watcher.envelope("chat", "userGetlist", null)).path("data"), account)));
        assertThat(Frames.statusOf(watcher.request(watcher.envelope("chat", "userGetlist", null)).path("data"),
                account)).isEqualTo(wanted);
    }
}
