package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.testclient.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway drains its sockets at shutdown (what a pod's SIGTERM does): readiness goes out of service and
 * new upgrades are refused first, then every open socket gets a clean 1001 close (the client reconnects to
 * another gateway), and the read cursors its clients confirmed are published; after a restart nothing is lost. The server runs on a file database so the restart sees what was kept.
 */
class GatewayDrainTest implements ChatProtocolSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class)
                // the suite's shared servers run in this JVM too: closing this one must not dispose the global
                // Netty event loops they serve on (Spring's ReactorResourceFactory does that for global ones)
                .initializers(new OwnNettyResources())
                .run(
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--xuanxuan.data-dir=" + dataDir, "--xuanxuan.presence.bcrypt-strength=6",
                "--xuanxuan.h2.compact-interval=0",
                // spread the closes over a second; a client that does not answer its close holds the drain
                // (the test's raw socket) for as long as the close timeout, which the test ends itself
                "--xuanxuan.gateway.drain-period=1s", "--xuanxuan.gateway.close-timeout=15s",
                // cursors are published only when a connection ends or at shutdown, never by the timer
                "--xuanxuan.gateway.cursor.flush-interval=1h");
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return context;
    }

    @Test
    void shutdownRefusesNewSocketsClosesOpenOnesWith1001AndKeepsTheirCursors() throws Exception {
        ConfigurableApplicationContext first = start();
        String gid = newGid();
        WsClient alice = login("alice");
        WsClient bob = login("bob");
        WsClient carol = login("carol");
        WsClient anonymous = connect();
        createGroup(alice, gid, "drain", false, id(bob), id(carol));
        ok(alice, send(alice, message(newGid(), gid, "before shutdown")));
        messagePush(bob, gid);
        messagePush(carol, gid);
        confirmReceipts(bob);
        confirmReceipts(carol);
        // a client that will not answer its close frame until the test has looked: the server must stay up
        WsClient.Raw holder = WsClient.raw(port, new Random(13));

        MeterRegistry meters = first.getBean(MeterRegistry.class);
        assertThat(cursorAdvancesPublished(meters)).as("cursors published before the shutdown").isZero();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
        List<WsClient> clients = List.of(alice, bob, carol, anonymous);
        for (WsClient client : clients) {
            assertThat(client.awaitClosed(WAIT)).as("closed by the shutdown").isTrue();
            assertThat(client.closeStatus()).as("close code").isEqualTo(1001);
        }
        // the drain waits for the holder: readiness is out, new sockets are refused
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("/readyz while draining: " + ready.body()).isEqualTo(503);
        assertThat(WsClient.Raw.upgradeStatus(port)).as("a new WebSocket upgrade while draining").isEqualTo(503);
        WsClient.Raw.Incoming close = holder.next(WAIT);
        assertThat(close).isEqualTo(new WsClient.Raw.Closed(1001, "Server shutting down: reconnect"));
        holder.close();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(cursorAdvancesPublished(meters)).as("bob's and carol's confirmed reads, published at shutdown")
                .isGreaterThanOrEqualTo(2);

        // after a restart nothing is lost: bob gets what came later live, and the chat holds both messages. (Not
        // asserted: that bob does not get the first one again. In one process the cursor batch the shutdown
        // publishes can still sit in the in-process bus's queue when the chat service stops consuming, and
        // queued records are dropped there, so the message may come again: twice, never zero times.)
        ConfigurableApplicationContext second = start();
        try (WsClient bobAgain = login("bob"); WsClient aliceAgain = login("alice")) {
            String later = newGid();
            ok(aliceAgain, send(aliceAgain, message(later, gid, "after restart")));
            assertThat(bobAgain.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText())
                    && packet.path("data").findValuesAsText("gid").contains(later), WsClient.TIMEOUT))
                    .as("the message sent after the restart, to bob: " + bobAgain.frames()).isPresent();
            assertThat(history(aliceAgain, gid).findValuesAsText("content")).contains("before shutdown", "after restart");
        } finally {
            second.close();
        }
    }

    private static double cursorAdvancesPublished(MeterRegistry meters) {
        DistributionSummary advances = meters.find("xuanxuan.gateway.cursor.advances").summary();
        return advances == null ? 0 : advances.totalAmount();
    }

    /**
     * Waits until the server has the client's pong for the pushes before (its receipt): the pong is written
     * before the client reads the next frame, and the server reads a socket's frames in order, so once a
     * request sent after a first answer is answered, the pong has been handled.
     */
    private void confirmReceipts(WsClient client) {
        chatList(client);
        chatList(client);
    }

    /** The first message of chat {@code cgid} pushed to the client. */
    private static JsonNode messagePush(WsClient client, String cgid) {
        return client.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText()), WsClient.TIMEOUT)
                .map(packet -> packet.path("data").get(0))
                .filter(message -> cgid.equals(message.path("cgid").asText()))
                .orElseThrow(() -> new AssertionError("no message push for " + cgid + "; frames: " + client.frames()));
    }

    @Override
    public int nextPort() {
        return port;
    }

    @Override
    public TestClock clock() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AccountStore accounts() {
        throw new UnsupportedOperationException();
    }
}
