package io.xuanxuan.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.CommandKeys;
import io.xuanxuan.model.bus.GatewayHeartbeat;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A gateway that dies without closing its connections, over Kafka: its user goes offline for the
 * others, with the {@code logout} push, once presence has not heard from the gateway for its timeout
 * (10 s in the cluster); the users of the live gateways stay online.
 *
 * <p>The cluster runs every service in one JVM, where a gateway cannot be killed -9 (closing its
 * context is a normal shutdown, which closes its connections). The dead gateway is therefore played
 * by the test on the bus, exactly as a gateway speaks there: heartbeats, then a client's login
 * command, then silence.
 */
class DistributedGatewayLivenessTest extends DistributedClusterTest {

    private static final Duration DETECTION = Duration.ofSeconds(60);

    @Test
    void theUserOfAGatewayThatDiedGoesOfflineForTheOthersWithALogoutPush() throws Exception {
        MessageBus bus = cluster.bean("presence", MessageBus.class);
        String ghost = "ghost" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient watcher = login("vera")) {
            beat(bus, ghost);
            Request login = new Request("chat", "login", loginParams("wanda"), null, null);
            String connection = ghost + "-1";
            bus.publish(Topics.commands(ServiceName.PRESENCE),
                    CommandKeys.keyFor(ServiceName.PRESENCE, login, null, connection),
                    Command.request(UUID.randomUUID().toString(), ghost, connection, null, login,
                            System.currentTimeMillis())).block(Duration.ofSeconds(30));
            JsonNode online = watcher.push("login");
            assertThat(online.path("account").asText()).isEqualTo("wanda");
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1000);
                beat(bus, ghost);
            }

            // the gateway dies: no more heartbeats, no connection-closed command
            JsonNode logout = watcher.pushPacket("logout", DETECTION).map(packet -> packet.path("data"))
                    .orElseThrow(() -> new AssertionError("no logout push for the dead gateway's user; frames: "
                            + watcher.frames()));
            assertThat(logout.path("account").asText()).isEqualTo("wanda");
            assertThat(logout.path("status").asText()).isEqualTo("offline");

            JsonNode users = watcher.request(watcher.envelope("chat", "userGetlist", null)).path("data");
            assertThat(statusOf(users, "wanda")).isEqualTo("offline");
            // the live gateways announce themselves: their users stay online
            assertThat(statusOf(users, "vera")).isEqualTo("online");
            assertThat(watcher.request(watcher.envelope("chat", "ping", null)).path("result").asText())
                    .isEqualTo("success");
        }
    }

    private static void beat(MessageBus bus, String gatewayId) {
        bus.publish(Topics.GATEWAYS, gatewayId, GatewayHeartbeat.alive(gatewayId, "run-1", 1000,
                System.currentTimeMillis())).block(Duration.ofSeconds(30));
    }

    private static ObjectNode loginParams(String account) {
        return ProtocolJson.nodes().objectNode().put("account", account)
                .put("password", WsClient.md5("123456")).put("status", "online");
    }

    private static String statusOf(JsonNode users, String account) {
        for (JsonNode user : users) {
            if (account.equals(user.path("account").asText())) {
                return user.path("status").asText();
            }
        }
        throw new AssertionError(account + " not in " + users);
    }
}
