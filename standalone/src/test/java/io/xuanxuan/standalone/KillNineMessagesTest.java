package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the standalone server in the middle of a message stream (DESIGN.md section 5, invariant 1):
 * two pairs of users exchange messages at a steady pace, one recipient online and one offline, the server
 * is killed with SIGKILL and started again on the same data directory. Every message answered
 * {@code success} must reach its recipient afterwards: live before the kill, from the offline queue at the
 * next login, or in {@code history}; and no message id may be handed out twice, before or after the crash.
 */
class KillNineMessagesTest {

    /** Acknowledged messages per stream before the kill: enough to be mid-stream, few enough to be quick. */
    private static final int BEFORE_KILL = 150;
    private static final long PACE_MILLIS = 5;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    /** One sender's stream: what was answered success (gid to message id), in order. */
    private static final class Stream {
        final Map<String, Long> acknowledged = new LinkedHashMap<>();
        volatile int count;
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillAndNoIdIsHandedOutTwice() throws Exception {
        Path data = work.resolve("data");
        Stream online = new Stream();
        Stream offline = new Stream();
        List<String> bobLive;
        String aliceBob;
        String carolDave;
        try (StandaloneProcess server = StandaloneProcess.start(data, "messages-1")) {
            int port = server.port();
            WsClient alice = WsClient.login(port, "alice", "123456");
            WsClient bob = WsClient.login(port, "bob", "123456");
            WsClient carol = WsClient.login(port, "carol", "123456");
            long daveId;
            try (WsClient dave = WsClient.login(port, "dave", "123456")) {
                daveId = dave.user.path("id").asLong();
            }
            // dave is offline from here to the kill: his messages can only come from the offline queue or history
            aliceBob = oneToOne(alice, bob.user.path("id").asLong());
            carolDave = oneToOne(carol, daveId);
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> stream(alice, aliceBob, online, stop::get));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> stream(carol, carolDave, offline, stop::get));
            Waits.within(Duration.ofSeconds(60), Duration.ofMillis(5), () -> (online.count >= BEFORE_KILL
                    && offline.count >= BEFORE_KILL) || first.isDone() || second.isDone());
            assertThat(online.count).as("messages acknowledged before the kill").isGreaterThanOrEqualTo(BEFORE_KILL);
            assertThat(offline.count).as("messages acknowledged before the kill").isGreaterThanOrEqualTo(BEFORE_KILL);
            // mid-stream: both senders have a request on the wire or about to be
            server.kill();
            stop.set(true);
            first.get();
            second.get();
            bobLive = MessageDeliveryInvariants.pushedGids(bob);
            List.of(alice, bob, carol).forEach(WsClient::close);
        }

        try (StandaloneProcess server = StandaloneProcess.start(data, "messages-2")) {
            int port = server.port();
            Set<String> bobGot = new HashSet<>(bobLive);
            Set<String> daveQueued;
            try (WsClient bob = WsClient.login(port, "bob", "123456");
                 WsClient dave = WsClient.login(port, "dave", "123456");
                 WsClient alice = WsClient.login(port, "alice", "123456")) {
                bobGot.addAll(awaitPushes(bob, online.acknowledged.keySet(), bobGot));
                daveQueued = awaitPushes(dave, offline.acknowledged.keySet(), Set.of());
                bobGot.addAll(historyGids(bob, aliceBob).keySet());
                Map<String, Long> daveHistory = historyGids(dave, carolDave);
                Map<String, Long> bobHistory = historyGids(bob, aliceBob);

                List<String> lostOnline = online.acknowledged.keySet().stream().filter(gid -> !bobGot.contains(gid))
                        .toList();
                List<String> lostOffline = offline.acknowledged.keySet().stream()
                        .filter(gid -> !daveQueued.contains(gid) && !daveHistory.containsKey(gid)).toList();
                long notQueued = offline.acknowledged.keySet().stream().filter(gid -> !daveQueued.contains(gid)).count();
                System.out.printf("kill -9 mid-stream: acknowledged %d (online) and %d (offline); lost %d and %d; "
                                + "%d of the offline ones not in dave's login queue (but in history)%n",
                        online.count, offline.count, lostOnline.size(), lostOffline.size(), notQueued - lostOffline.size());
                assertThat(lostOnline).as("acknowledged messages to bob (online) lost by the kill of "
                        + online.count).isEmpty();
                assertThat(lostOffline).as("acknowledged messages to dave (offline) lost by the kill of "
                        + offline.count).isEmpty();

                // the id each acknowledged message was given is still its id
                Map<String, Long> stored = new LinkedHashMap<>(bobHistory);
                stored.putAll(daveHistory);
                Map<String, Long> acknowledged = new LinkedHashMap<>(online.acknowledged);
                acknowledged.putAll(offline.acknowledged);
                acknowledged.forEach((gid, id) -> assertThat(stored.get(gid)).as("id of message " + gid).isEqualTo(id));

                // new messages after the restart get ids never handed out before
                Stream after = new Stream();
                stream(alice, aliceBob, after, () -> after.count >= 50);
                assertThat(after.count).isEqualTo(50);
                Set<Long> before = new HashSet<>(acknowledged.values());
                assertThat(before).as("ids handed out before the kill").hasSize(acknowledged.size());
                List<Long> reused = after.acknowledged.values().stream().filter(before::contains).toList();
                assertThat(reused).as("message ids handed out again after the restart").isEmpty();
            }
        }
    }

    /** The one-to-one chat of the sender and another user. */
    private static String oneToOne(WsClient sender, long otherId) {
        long senderId = sender.user.path("id").asLong();
        String gid = Math.min(senderId, otherId) + "&" + Math.max(senderId, otherId);
        JsonNode created = sender.request(sender.named("create", "gid", gid, "name", "", "type", "one2one",
                "members", List.of(senderId, otherId)));
        assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
        return gid;
    }

    /**
     * Sends one message at a time, each after the previous one's response, until stopped or the connection
     * closes; a response that never comes (the server died) ends the stream without counting the message.
     */
    private static void stream(WsClient sender, String cgid, Stream stream, BooleanSupplier stop) {
        int i = 0;
        while (!stop.getAsBoolean() && !sender.isClosed()) {
            String gid = UUID.randomUUID().toString();
            sender.sendRaw(io.xuanxuan.model.json.ProtocolJson.write(sender.named("message", "messages", List.of(Map.of(
                    "gid", gid, "cgid", cgid, "type", "normal", "contentType", "text",
                    "content", "message " + i++, "date", "")))));
            Optional<JsonNode> response = awaitResponse(sender);
            if (response.isEmpty()) {
                return;
            }
            JsonNode answer = response.get();
            assertThat(answer.path("result").asText()).as(answer.toString()).isEqualTo("success");
            JsonNode message = answer.path("data").get(0);
            assertThat(message.path("gid").asText()).isEqualTo(gid);
            synchronized (stream) {
                stream.acknowledged.put(gid, message.path("id").asLong());
                stream.count = stream.acknowledged.size();
            }
            sleep(PACE_MILLIS);
        }
    }

    private static Optional<JsonNode> awaitResponse(WsClient sender) {
        long deadline = System.nanoTime() + RESPONSE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> response = sender.awaitFrame(frame -> frame.isObject() && frame.has("result")
                    && "message".equals(frame.path("method").asText()), Duration.ofMillis(50));
            if (response.isPresent()) {
                return response;
            }
            if (sender.isClosed()) {
                return Optional.empty();
            }
        }
        throw new AssertionError("no response to a message within " + RESPONSE_TIMEOUT);
    }

    /** Waits until the client has been pushed every expected gid (or a few seconds pass); answers those it got. */
    private static Set<String> awaitPushes(WsClient client, Set<String> expected, Set<String> already) {
        List<Set<String>> got = new ArrayList<>(List.of(Set.of()));
        Waits.within(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
            got.set(0, new HashSet<>(MessageDeliveryInvariants.pushedGids(client)));
            Set<String> all = new HashSet<>(got.get(0));
            all.addAll(already);
            return all.containsAll(expected);
        });
        return got.get(0);
    }

    /** Every message of a chat in history: gid to message id. */
    private static Map<String, Long> historyGids(WsClient member, String gid) {
        Map<String, Long> messages = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            JsonNode response = member.request(member.named("history", "gid", gid, "recPerPage", 200, "pageID", page));
            assertThat(response.path("result").asText()).as(response.toString()).isEqualTo("success");
            JsonNode data = response.path("data");
            data.forEach(message -> messages.put(message.path("gid").asText(), message.path("id").asLong()));
            if (data.size() < 200) {
                return messages;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
