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

    /**
     * Many 1.0 clients log in at once without a thread each waiting ({@link TcpClient#loginAsync} with a
     * {@link GidRecorder}, as the thousand-member tests do over WebSocket), then a WebSocket user's messages to their
     * group reach each of them once, in order; the recorder keeps no other item (what a client reads whole with
     * {@code nextFrame} is a response).
     */
    @Test
    void tcpClientsLoggingInAtOnceWithAnIntakeEachGetEveryMessageOfTheirGroupInOrder() throws Exception {
        List<String> accounts = List.of("rhea", "sam", "tess", "ulla", "vera", "wanda");
        String runId = "mixed" + System.nanoTime();
        List<GidRecorder> recorders = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<TcpClient>> logins = new ArrayList<>();
        for (String account : accounts) {
            GidRecorder recorder = new GidRecorder(runId, k -> { });
            recorders.add(recorder);
            logins.add(TcpClient.loginAsync(nextTcpPort(), account, "123456", recorder));
        }
        List<TcpClient> members = new ArrayList<>();
        try (WsClient sender = WsClient.login(nextPort(), "xavier", "123456")) {
            for (java.util.concurrent.CompletableFuture<TcpClient> login : logins) {
                members.add(login.get(ProtocolClient.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            }
            List<Long> ids = new ArrayList<>(List.of(id(sender)));
            members.forEach(member -> ids.add(id(member)));
            String cgid = newGid();
            ok(sender, sender.named("create", "gid", cgid, "name", "many at once", "type", "group", "members", ids));
            for (int k = 0; k < OFFLINE_MESSAGES; k++) {
                ok(sender, send(sender, message(runId + "-" + k, cgid, "to all " + k)));
            }
            int[] expected = java.util.stream.IntStream.range(0, OFFLINE_MESSAGES).toArray();
            for (int i = 0; i < members.size(); i++) {
                GidRecorder recorder = recorders.get(i);
                Waits.within(ProtocolClient.TIMEOUT, Duration.ofMillis(50),
                        () -> recorder.received().length >= OFFLINE_MESSAGES);
                assertThat(recorder.received()).as(accounts.get(i)).containsExactly(expected);
                // pushes were recorded, not kept: a request's response is the next whole line
                assertThat(members.get(i).pending()).as(accounts.get(i) + "'s kept items").isZero();
                members.get(i).sendRaw(io.xuanxuan.model.json.ProtocolJson.write(
                        members.get(i).envelope("chat", "ping", null)));
                assertThat(members.get(i).nextFrame(ProtocolClient.TIMEOUT).path("result").asText()).isEqualTo("success");
            }
        } finally {
            members.forEach(TcpClient::close);
        }
    }

    /**
     * A 1.0 client has no pong: the pushes it was sent count as read only if its socket is still open
     * {@code tcp.receipt-delay} (3 s) after their writes completed. Here the server's writes complete (the
     * client's machine takes the bytes) but the client never reads them and drops with a reset, as a crashing
     * client does: at its next login it must get them again. With receipts confirmed at the write
     * ({@code receipt-delay} 0, the 1.0 server's rule) the drop publishes the advanced cursor and they are lost.
     */
    @Test
    void aTcpClientThatDropsWithPushesUnreadGetsThemAgainAtItsNextLogin() throws Exception {
        List<String> sent = new ArrayList<>();
        String gid = newGid();
        try (WsClient sender = WsClient.login(nextPort(), "victor", "123456")) {
            long receiverId;
            try (TcpClient receiver = TcpClient.login(nextTcpPort(), "wendy", "123456")) {
                receiverId = id(receiver);
            }
            createGroup(sender, gid, "unread when dropped", false, id(sender), receiverId);
            awaitStatus(sender, "wendy", "offline");

            TcpClient unread = TcpClient.connectNotReading(nextTcpPort());
            try {
                unread.sendRaw(io.xuanxuan.model.json.ProtocolJson.write(
                        unread.positional("login", "wendy", WsClient.md5("123456"), "online")));
                awaitStatus(sender, "wendy", "online");
                for (int i = 0; i < 5; i++) {
                    String message = newGid();
                    ok(sender, send(sender, message(message, gid, "written, never read " + i)));
                    sent.add(message);
                }
            } finally {
                unread.abort();
            }
            awaitStatus(sender, "wendy", "offline");
        }
        try (TcpClient again = TcpClient.login(nextTcpPort(), "wendy", "123456")) {
            List<String> received = awaitAll(List.of(again), sent);
            assertThat(firstSeen(received, sent)).containsExactlyElementsOf(sent);
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
