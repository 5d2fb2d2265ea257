package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 5, invariants 1 to 3, with hundreds of messages: an accepted message reaches every
 * member (live, from the offline queue at login, or both), in the order the chat stored them, and
 * re-sent gids store nothing twice. Test classes implement it for the in-process bus and for Kafka.
 */
public interface MessageDeliveryInvariants extends ProtocolTestSupport {

    int MESSAGES = 300;


    /** A one-to-one chat between two users, created by the first. */
    default String oneToOne(ProtocolClient a, ProtocolClient b) {
        return a.createOneToOne(b);
    }

    /** A group chat of everyone given, created by the first. */
    default String group(ProtocolClient creator, List<Long> members) {
        String gid = UUID.randomUUID().toString();
        JsonNode created = creator.request(creator.named("create", "gid", gid, "name", "invariants", "type", "group",
                "members", members));
        assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
        return gid;
    }

    /** Sends messages one request at a time, each acknowledged by a success response; returns their gids. */
    default List<String> send(ProtocolClient sender, String cgid, int count, String label, IntFunction<Boolean> beforeEach) {
        List<String> gids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (beforeEach != null) {
                beforeEach.apply(i);
            }
            String gid = UUID.randomUUID().toString();
            JsonNode response = sender.request(sender.named("message", "messages", List.of(Map.of(
                    "gid", gid, "cgid", cgid, "type", "normal", "contentType", "text",
                    "content", label + " " + i, "date", ""))));
            assertThat(response.path("result").asText()).as(response.toString()).isEqualTo("success");
            gids.add(gid);
        }
        return gids;
    }

    /** Every message gid pushed to a client so far, in the order received, duplicates included. */
    static List<String> pushedGids(ProtocolClient client) {
        List<String> gids = new ArrayList<>();
        for (String raw : client.frames()) {
            JsonNode frame = parse(raw);
            if (!frame.isArray()) {
                continue;
            }
            for (JsonNode packet : frame) {
                if ("message".equalsIgnoreCase(packet.path("method").asText())) {
                    packet.path("data").forEach(message -> gids.add(message.path("gid").asText()));
                }
            }
        }
        return gids;
    }

    static List<String> awaitAll(List<? extends ProtocolClient> clients, List<String> expected) throws InterruptedException {
        Set<String> wanted = new LinkedHashSet<>(expected);
        List<List<String>> received = new ArrayList<>(List.of(List.of()));
        Waits.within(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
            List<String> now = new ArrayList<>();
            for (ProtocolClient client : clients) {
                now.addAll(pushedGids(client));
            }
            received.set(0, now);
            return now.containsAll(wanted);
        });
        return received.get(0);
    }

    /** The order in which each expected gid was first seen. */
    static List<String> firstSeen(List<String> received, List<String> expected) {
        Set<String> wanted = Set.copyOf(expected);
        return List.copyOf(new LinkedHashSet<>(received.stream().filter(wanted::contains).toList()));
    }

    @Test
    default void anOfflineMemberReceivesEveryMessageAtLoginInOrder() throws Exception {
        List<String> sent;
        try (ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            String gid = oneToOne(alice, bob);
            bob.close();
            sent = send(alice, gid, MESSAGES, "while bob is away", null);
        }
        try (ProtocolClient bob = client("bob")) {
            List<String> received = awaitAll(List.of(bob), sent);
            assertThat(received).containsAll(sent);
            assertThat(firstSeen(received, sent)).containsExactlyElementsOf(sent);
            List<String> kinds = Frames.frameKinds(bob.frames());
            assertThat(kinds.indexOf("push:getList")).isLessThan(kinds.indexOf("push:message"));
        }
        assertThat(aLoginSoonGetsNoneOf("bob", sent)).as("delivered messages are not delivered again").isTrue();
    }

    /**
     * Whether, within a few seconds, a login of the account gets none of the messages pushed within a
     * moment after its login. Receipts travel in batches (the gateway publishes a connection's cursors
     * when it closes, the chat service applies them a moment later), so a login right after a close may
     * get the messages once more; what must hold is that they stop coming. Each login that gets them
     * receipts them again (on the TCP door, once it stayed open {@link #receiptSettle()}), so a server that never
     * records receipts fails here.
     */
    default boolean aLoginSoonGetsNoneOf(String account, List<String> delivered) throws InterruptedException {
        Set<String> gids = Set.copyOf(delivered);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).plus(receiptSettle().multipliedBy(2)).toNanos();
        do {
            try (ProtocolClient again = client(account)) {
                boolean pushedAgain = again.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText())
                        && java.util.stream.StreamSupport.stream(packet.path("data").spliterator(), false)
                                .anyMatch(message -> gids.contains(message.path("gid").asText())),
                        Duration.ofMillis(500)).isPresent();
                if (!pushedAgain) {
                    return true;
                }
                if (!receiptSettle().isZero()) {
                    // no pong on this door: what was pushed counts as read once the socket stayed open this long
                    Thread.sleep(receiptSettle().plusMillis(500).toMillis());
                }
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Test
    default void aMemberWhoseConnectionDropsMidDeliveryGetsEveryMessageLater() throws Exception {
        List<ProtocolClient> bobsConnections = new ArrayList<>();
        try (ProtocolClient carol = client("carol")) {
            ProtocolClient bob = client("bob");
            bobsConnections.add(bob);
            String gid = oneToOne(carol, bob);
            List<String> sent = send(carol, gid, MESSAGES, "drop", i -> {
                if (i == MESSAGES / 3) {
                    bob.close();
                }
                return true;
            });
            ProtocolClient bobAgain = client("bob");
            bobsConnections.add(bobAgain);
            List<String> received = awaitAll(bobsConnections, sent);
            assertThat(Set.copyOf(received)).containsAll(sent);
            assertThat(firstSeen(pushedGids(bobAgain), sent)).isSortedAccordingTo(
                    (x, y) -> Integer.compare(sent.indexOf(x), sent.indexOf(y)));
        } finally {
            bobsConnections.forEach(ProtocolClient::close);
        }
    }

    @Test
    default void aUserWhoLogsInWhileMessagesAreSentToTheGroupMissesNone() throws Exception {
        try (ProtocolClient dave = client("dave"); ProtocolClient alice = client("alice"); ProtocolClient bob = client("bob")) {
            long daveId = dave.user.path("id").asLong();
            String gid = group(dave, List.of(daveId, alice.user.path("id").asLong(), bob.user.path("id").asLong()));
            alice.close();
            List<ProtocolClient> alices = new ArrayList<>();
            try {
                List<String> sent = send(dave, gid, MESSAGES, "during login", i -> {
                    if (i == MESSAGES / 2) {
                        alices.add(client("alice"));
                    }
                    return true;
                });
                List<String> aliceGot = awaitAll(alices, sent);
                assertThat(aliceGot).containsAll(sent);
                assertThat(firstSeen(aliceGot, sent)).containsExactlyElementsOf(sent);
                List<String> bobGot = awaitAll(List.of(bob), sent);
                assertThat(firstSeen(bobGot, sent)).containsExactlyElementsOf(sent);
            } finally {
                alices.forEach(ProtocolClient::close);
            }
        }
    }

    @Test
    default void resendingGidsStoresNothingTwice() {
        try (ProtocolClient carol = client("carol"); ProtocolClient dave = client("dave")) {
            // a new chat, not carol and dave's one-to-one: the distributed cluster runs these invariants over both
            // transports against the same services, and that chat would hold the other run's 50 messages
            String gid = group(carol, List.of(carol.user.path("id").asLong(), dave.user.path("id").asLong()));
            List<String> sent = send(carol, gid, 50, "once", null);
            for (String messageGid : sent) {
                JsonNode again = carol.request(carol.named("message", "messages", List.of(Map.of(
                        "gid", messageGid, "cgid", gid, "content", "twice?"))));
                assertThat(again.path("result").asText()).isEqualTo("success");
                assertThat(again.path("data").get(0).path("content").asText()).startsWith("once");
            }
            JsonNode history = carol.request(carol.named("history", "gid", gid, "recPerPage", 200, "pageID", 1));
            List<String> stored = new ArrayList<>();
            history.path("data").forEach(message -> stored.add(message.path("gid").asText()));
            assertThat(stored).hasSize(50).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(history.path("pager").path("recTotal").asInt()).isEqualTo(50);
        }
    }

    static JsonNode parse(String raw) {
        try {
            return ProtocolJson.mapper().readTree(raw);
        } catch (Exception e) {
            throw new AssertionError(raw, e);
        }
    }
}
