package io.xuanxuan.standalone;

import static io.xuanxuan.standalone.WebClientPage.js;
import static io.xuanxuan.standalone.WebClientPage.openChatWith;
import static io.xuanxuan.standalone.WebClientPage.send;
import static io.xuanxuan.standalone.WebClientPage.signIn;
import static io.xuanxuan.standalone.WebClientPage.texts;
import static io.xuanxuan.standalone.WebClientPage.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web client across a server restart: the standalone server runs as a process of its own (on a fixed port,
 * so the page's origin stays), is killed while alice's page is open and started again on the same data. The page
 * shows that the connection was lost, signs in again by itself (back-off) and gets what was sent meanwhile.
 */
class WebClientRestartBrowserTest {

    /** The back-off reaches 16 s between attempts before the server is back: the page may need that much more. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(90);

    @Test
    void thePageReconnectsAfterTheServerRestartsAndMissesNothing() throws Exception {
        String unavailable = Chromium.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "web-restart-");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (Chromium chromium = new Chromium()) {
            ChromeDriver alice = chromium.open("en-US", 1200, 800);
            String gid;
            try (StandaloneProcess first = StandaloneProcess.startOnPort(data, "web-restart-1", port)) {
                signIn(alice, port, "alice");
                openChatWith(alice, "bob", "Bob");
                send(alice, "Before the restart " + tag);
                gid = (String) js(alice).executeScript(
                        "return document.querySelector('#chat-list button[aria-current=true]').dataset.gid");
                js(alice).executeScript("window.__samePage = true");
                first.kill();
            }
            waitFor(alice).until(d -> d.findElement(By.id("notice")).isDisplayed()
                    && d.findElement(By.id("notice")).getText().contains("Connection lost"));
            Chromium.screenshot(alice, "12-server-down");

            try (StandaloneProcess second = StandaloneProcess.startOnPort(data, "web-restart-2", port);
                 WsClient bob = WsClient.login(port, "bob", "123456")) {
                String meanwhile = "After the restart " + tag;
                ObjectNode message = ProtocolJson.nodes().objectNode().put("gid", UUID.randomUUID().toString())
                        .put("cgid", gid).put("type", "normal").put("contentType", "text").put("content", meanwhile)
                        .put("date", "").put("user", bob.user.path("id").asLong());
                ObjectNode params = ProtocolJson.nodes().objectNode();
                params.putArray("messages").add(message);
                JsonNode stored = bob.request(bob.envelope("chat", "message", params));
                assertThat(stored.path("result").asText()).as(stored.toString()).isEqualTo("success");

                waitFor(alice).withTimeout(RECONNECT_WAIT)
                        .withMessage(() -> "the page did not get the message after the restart; it shows " + texts(alice)
                                + ", notice: " + alice.findElement(By.id("notice")).getText())
                        .until(d -> texts(d).contains(meanwhile));
                assertThat(js(alice).executeScript("return window.__samePage")).as("the same page, not reloaded").isEqualTo(true);
                assertThat(texts(alice)).contains("Before the restart " + tag);
                send(alice, "Still here " + tag);
                Chromium.screenshot(alice, "13-after-restart");
            }
        }
    }
}
