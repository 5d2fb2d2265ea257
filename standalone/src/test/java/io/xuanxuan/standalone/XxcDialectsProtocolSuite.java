package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One gateway, three doors: a 2.x user (encrypted socket) and a 1.0-dialect user talk both ways, the 1.0 desktop
 * client on the TCP door and the JSON client on {@code /ws}. The dialects translate at the edge; the chat is one.
 */
public interface XxcDialectsProtocolSuite extends XxcProtocolSupport {

    /** The gid the real clients make for a one-to-one chat: the ids sorted as strings (JS's default sort), joined. */
    default String oneToOneGid(long a, long b) {
        return String.join("&", Stream.of(String.valueOf(a), String.valueOf(b)).sorted().toList());
    }

    @Test
    default void aTwoXUserAndTheOneZeroDesktopClientOnTheTcpDoorWriteEachOther() {
        try (XxcClient hal = xxcLogin("xhal"); TcpClient ivy = tcpUser("xivy")) {
            long ivyId = ivy.user.path("id").asLong();
            String gid = oneToOneGid(hal.userId(), ivyId);
            JsonNode created = hal.call("create", XxcClient.params(gid, "", "one2one", List.of(hal.userId(), ivyId), 0, false));
            assertThat(created.path("result").asText("success")).as(created.toString()).isEqualTo("success");
            assertThat(ivy.push("create").path("gid").asText()).isEqualTo(gid);

            exchange(hal, ivy, gid);
        }
    }

    @Test
    default void aTwoXUserAndAJsonClientOnWsWriteEachOther() {
        try (XxcClient hal = xxcLogin("xhal"); WsClient jon = wsUser("xjon")) {
            String gid = newGid();
            JsonNode created = jon.request(jon.named("create", "gid", gid, "name", "three doors", "type", "group",
                    "members", List.of(jon.user.path("id").asLong(), hal.userId()), "subject", 0, "public", false));
            assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
            JsonNode pushed = hal.expect("chat", "create");
            assertThat(pushed.path("data").path("gid").asText()).as(pushed.toString()).isEqualTo(gid);

            exchange(hal, jon, gid);
        }
    }

    /** A message from the 2.x user to the 1.0 user, and one back; each arrives with its content. */
    private void exchange(XxcClient twoX, ProtocolClient oneZero, String gid) {
        var toOld = message(twoX, gid, "from the 2.x client", 1);
        JsonNode sent = sendMessages(twoX, toOld);
        assertThat(sent.path("result").asText()).as(sent.toString()).isEqualTo("success");
        JsonNode received = oneZero.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText())
                && texts(packet.path("data"), "gid").contains(toOld.path("gid").asText()), WAIT)
                .orElseThrow(() -> new AssertionError("no message push to the 1.0 user: " + oneZero.frames()))
                .path("data");
        assertThat(texts(received, "content")).contains("from the 2.x client");

        String back = newGid();
        JsonNode answered = oneZero.request(oneZero.named("message", "messages", List.of(Map.of("gid", back,
                "cgid", gid, "type", "normal", "contentType", "text", "content", "from the 1.0 client", "date", "",
                "user", oneZero.user.path("id").asLong()))));
        assertThat(answered.path("result").asText()).as(answered.toString()).isEqualTo("success");
        JsonNode arrived = messagePush(twoX, back);
        assertThat(texts(arrived.path("data"), "content")).contains("from the 1.0 client");
        assertThat(arrived.path("data").path(0).path("cgid").asText()).isEqualTo(gid);
    }
}
