package io.xuanxuan.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.standalone.MessageDeliveryInvariants;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Faults while messages flow (DESIGN.md section 5, invariant 1): a service instance stopped and
 * started again, and the Kafka broker down for a while. Every message answered {@code success} must
 * reach the other member (live, or from the queue at the next login); messages answered otherwise may
 * or may not arrive. Counted by gid.
 */
class DistributedFaultTest extends DistributedClusterTest {

    static final int MESSAGES = 120;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(40);

    /** The gids answered success, and how many requests got another answer or none. */
    record Sent(List<String> accepted, int refused) {
    }

    @Test
    void servicesRestartedWhileMessagesFlowLoseNoAcceptedMessage() throws Exception {
        runWithFault(() -> {
            cluster.restart("chat");
            cluster.restart("offline");
            cluster.restart("presence");
        }, "restart");
    }

    @Test
    void theBrokerDownForAWhileLosesNoAcceptedMessage() throws Exception {
        runWithFault(() -> {
            cluster.kafka().stop();
            sleep(Duration.ofSeconds(15));
            cluster.kafka().start();
        }, "broker");
    }

    private void runWithFault(Runnable fault, String label) throws Exception {
        WsClient alice = login("alice");
        WsClient bob = login("bob");
        List<WsClient> bobs = new ArrayList<>(List.of(bob));
        try {
            String cgid = oneToOne(alice, bob);
            CompletableFuture<Void> faultDone = new CompletableFuture<>();
            Sent sent = send(alice, cgid, label, i -> {
                if (i == MESSAGES / 4) {
                    CompletableFuture.runAsync(fault).whenComplete((ok, error) -> {
                        if (error != null) {
                            faultDone.completeExceptionally(error);
                        } else {
                            faultDone.complete(null);
                        }
                    });
                }
            });
            faultDone.get();
            System.out.printf("%s: %d accepted, %d refused or unanswered%n", label, sent.accepted().size(),
                    sent.refused());
            assertThat(sent.accepted()).as("most messages are accepted").hasSizeGreaterThan(MESSAGES / 2);

            // a fresh login flushes whatever the first connection did not confirm
            WsClient bobAgain = WsClient.login(nextPort(), "bob", "123456");
            bobs.add(bobAgain);
            List<String> received = MessageDeliveryInvariants.awaitAll(bobs, sent.accepted());
            assertThat(new HashSet<>(received)).containsAll(sent.accepted());
        } finally {
            alice.close();
            bobs.forEach(WsClient::close);
        }
    }

    private String oneToOne(WsClient a, WsClient b) {
        long first = a.user.path("id").asLong();
        long second = b.user.path("id").asLong();
        String gid = Math.min(first, second) + "&" + Math.max(first, second);
        JsonNode created = a.request(a.named("create", "gid", gid, "name", "", "type", "one2one",
                "members", List.of(first, second)));
        assertThat(created.path("result").asText()).isEqualTo("success");
        return gid;
    }

    /** Sends one message at a time and waits for its own answer (matched by gid, as answers can be late). */
    private Sent send(WsClient sender, String cgid, String label, java.util.function.IntConsumer beforeEach) {
        List<String> accepted = new ArrayList<>();
        Set<String> pending = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < MESSAGES; i++) {
            beforeEach.accept(i);
            String gid = UUID.randomUUID().toString();
            pending.add(gid);
            sender.sendRaw(ProtocolJson.write(sender.named("message", "messages", List.of(Map.of(
                    "gid", gid, "cgid", cgid, "content", label + " " + i)))));
            Optional<JsonNode> answer = sender.awaitFrame(frame -> frame.isObject()
                    && "message".equals(frame.path("method").asText())
                    && (gid.equals(frame.path("data").path(0).path("gid").asText())
                        || !frame.path("result").asText().equals("success")), ANSWER_TIMEOUT);
            if (answer.isPresent() && "success".equals(answer.get().path("result").asText())) {
                accepted.add(gid);
            } else {
                refused++;
            }
        }
        return new Sent(accepted, refused);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
