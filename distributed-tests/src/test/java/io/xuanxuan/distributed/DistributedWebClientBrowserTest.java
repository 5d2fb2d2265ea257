package io.xuanxuan.distributed;

import static io.xuanxuan.standalone.WebClientPage.openChatWith;
import static io.xuanxuan.standalone.WebClientPage.send;
import static io.xuanxuan.standalone.WebClientPage.signIn;
import static io.xuanxuan.standalone.WebClientPage.texts;
import static io.xuanxuan.standalone.WebClientPage.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.standalone.Chromium;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * The web client against the services running apart: each gateway serves it; alice's page comes from one gateway,
 * bob's from the other, and a message goes from one browser to the other through Kafka and the chat service.
 */
class DistributedWebClientBrowserTest extends DistributedClusterTest {

    @Test
    void twoBrowsersOnTwoGatewaysSignInAndChat() throws Exception {
        String unavailable = Chromium.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        try (Chromium chromium = new Chromium()) {
            WebDriver alice = chromium.open("en-US", 1200, 800);
            WebDriver bob = chromium.open("en-US", 1200, 800);
            signIn(alice, cluster.gatewayPort("gateway-a"), "alice");
            signIn(bob, cluster.gatewayPort("gateway-b"), "bob");
            openChatWith(bob, "alice", "Alice");
            openChatWith(alice, "bob", "Bob");
            String text = "Across the gateways " + UUID.randomUUID();
            send(alice, text);
            waitFor(bob).until(d -> texts(d).contains(text));
            assertThat(texts(bob)).contains(text);
            Chromium.screenshot(bob, "distributed-conversation-bob");
        }
    }
}
