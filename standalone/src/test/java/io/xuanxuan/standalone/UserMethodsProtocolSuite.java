package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** userGetlist, userChangeName, userChangeStatus, settings and ping over real WebSockets. */
public interface UserMethodsProtocolSuite extends ProtocolTestSupport {

    @Test
    default void statusChangeIsAnsweredAndPushedToOthers() {
        try (ProtocolClient watcher = client("demo"); ProtocolClient bob = client("bob")) {
            watcher.push("login");
            JsonNode response = bob.request(bob.named("userChangeStatus", "status", "busy"));
            assertThat(response.path("result").asText()).isEqualTo("success");
            assertThat(response.path("data").path("status").asText()).isEqualTo("busy");
            assertThat(response.path("data").path("id").asLong()).isEqualTo(bob.user.path("id").asLong());

            JsonNode push = watcher.push("userChangeStatus");
            assertThat(push.path("account").asText()).isEqualTo("bob");
            assertThat(push.path("status").asText()).isEqualTo("busy");

            JsonNode positional = bob.request(bob.positional("userchangestatus", "away"));
            assertThat(positional.path("data").path("status").asText()).isEqualTo("away");

            JsonNode refused = bob.request(bob.named("userChangeStatus", "status", "offline"));
            assertThat(refused.path("result").asText()).isEqualTo("fail");
            assertThat(refused.path("message").asText()).contains("online, away or busy");
            JsonNode users = bob.request(bob.envelope("chat", "userGetlist", null)).path("data");
            assertThat(Frames.statusOf(users, "bob")).isEqualTo("away");
        }
    }

    @Test
    default void nameChangeIsAnsweredAndPushedToOthers() {
        try (ProtocolClient watcher = client("demo"); ProtocolClient alice = client("alice")) {
            watcher.push("login");
            JsonNode response = alice.request(alice.positional("userChangeName", "Alice Liddell"));
            assertThat(response.path("result").asText()).isEqualTo("success");
            assertThat(response.path("data").path("name").asText()).isEqualTo("Alice Liddell");

            JsonNode push = watcher.push("userChangeName");
            assertThat(push.path("account").asText()).isEqualTo("alice");
            assertThat(push.path("realname").asText()).isEqualTo("Alice Liddell");

            JsonNode empty = alice.request(alice.named("userChangeName", "name", "  "));
            assertThat(empty.path("result").asText()).isEqualTo("fail");
            JsonNode restored = alice.request(alice.named("userChangeName", "name", "Alice"));
            assertThat(restored.path("result").asText()).isEqualTo("success");
        }
    }

    @Test
    default void settingsAreStoredPerAccountAndOnlyTheAccountItselfMayUseThem() {
        try (ProtocolClient carol = client("carol")) {
            JsonNode empty = carol.request(carol.named("settings", "account", "carol"));
            assertThat(empty.path("result").asText()).isEqualTo("success");

            Map<String, Object> doc = Map.of("theme", "dark", "sound", false, "fontSize", 14);
            JsonNode saved = carol.request(carol.named("settings", "account", "carol", "settings", doc));
            assertThat(saved.path("result").asText()).isEqualTo("success");
            assertThat(saved.path("data").path("theme").asText()).isEqualTo("dark");

            JsonNode read = carol.request(carol.positional("settings", "carol"));
            assertThat(read.path("data").path("theme").asText()).isEqualTo("dark");
            assertThat(read.path("data").path("fontSize").asInt()).isEqualTo(14);

            JsonNode others = carol.request(carol.named("settings", "account", "dave", "settings", doc));
            assertThat(others.path("result").asText()).isEqualTo("denied");
            JsonNode othersRead = carol.request(carol.named("settings", "account", "dave"));
            assertThat(othersRead.path("result").asText()).isEqualTo("denied");
        }
        try (ProtocolClient dave = client("dave")) {
            JsonNode daves = dave.request(dave.named("settings", "account", "dave"));
            assertThat(daves.path("data").has("theme")).as("dave's settings untouched").isFalse();
        }
    }

    @Test
    default void userGetlistAnswersEveryUserWithTheProtocolFields() {
        try (ProtocolClient admin = client("admin")) {
            JsonNode users = admin.request(admin.envelope("chat", "userGetlist", null)).path("data");
            assertThat(users.size()).isGreaterThanOrEqualTo(6);
            for (JsonNode user : users) {
                assertThat(user.path("id").isIntegralNumber()).isTrue();
                assertThat(user.path("dept").isIntegralNumber()).isTrue();
                for (String field : new String[] {"account", "realname", "avatar", "role", "status", "admin",
                        "gender", "email", "mobile", "phone", "site"}) {
                    assertThat(user.path(field).isTextual()).as(field + " of " + user).isTrue();
                }
                assertThat(user.has("password_hash")).isFalse();
                assertThat(user.size()).as("exactly the protocol's fields: " + user).isEqualTo(13);
                assertThat(user.toString()).doesNotContain("$2");
            }
            assertThat(users.toString()).contains("\"admin\":\"super\"");
            assertThat(Frames.statusOf(users, "admin")).isEqualTo("online");
        }
    }

    @Test
    default void pingIsAnsweredWithSuccess() {
        try (ProtocolClient dave = client("dave")) {
            JsonNode pong = dave.request(dave.envelope("chat", "ping", null));
            assertThat(pong.path("result").asText()).isEqualTo("success");
            assertThat(pong.path("sid").asText()).isEqualTo(dave.sid);
        }
    }
}
