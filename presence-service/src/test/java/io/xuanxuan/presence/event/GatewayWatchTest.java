package io.xuanxuan.presence.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.GatewayHeartbeat;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.presence.PresenceFixture;
import io.xuanxuan.presence.api.GatewayGoneHandler;
import io.xuanxuan.presence.domain.GatewayLiveness;
import io.xuanxuan.service.command.RecordingBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway liveness with a fake heartbeat stream and clocks moved by hand: the users of a gateway that
 * stops announcing itself go offline with the {@code logout} push; a live gateway's users, and a user
 * who reconnected through another gateway, stay online.
 */
class GatewayWatchTest {

    private static final long START_MILLIS = 1_800_000_000_000L;

    private final PresenceFixture presence = new PresenceFixture();
    private final RecordingBus bus = new RecordingBus();
    private long nanos = 0;
    private long wallMillis = START_MILLIS;
    private final GatewayLiveness liveness = new GatewayLiveness(Duration.ofSeconds(30), () -> nanos,
            () -> wallMillis);
    private final GatewayWatch watch = new GatewayWatch(bus, liveness,
            new GatewayGoneHandler(presence.presenceSessions), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        presence.close();
    }

    @Test
    void theUsersOfASilentGatewayGoOfflineWithTheLogoutPushTheOthersStayOnline() {
        long ann = presence.account("ann");
        long bert = presence.account("bert");
        long cleo = presence.account("cleo");
        presence.login("ann", "gw1", "gw1-1");
        presence.login("bert", "gw2", "gw2-1");
        // cleo was on gw1 and logged in again through gw2
        presence.login("cleo", "gw1", "gw1-2");
        presence.login("cleo", "gw2", "gw2-2");

        beat("gw1");
        beat("gw2");
        check();
        advance(20);
        beat("gw2");
        check();
        assertThat(bus.published()).as("gw1 silent for 20 s of a 30 s timeout").isEmpty();

        advance(15);
        beat("gw2");
        check();

        assertThat(logoutPushes()).containsExactly("ann:offline");
        assertThat(offlineEvents()).containsExactly("ann");
        assertThat(presence.status(ann)).isEqualTo("offline");
        assertThat(presence.sessions.find(ann).blockOptional()).isEmpty();
        assertThat(presence.status(bert)).isEqualTo("online");
        assertThat(presence.status(cleo)).isEqualTo("online");
        assertThat(presence.sessions.find(cleo).block().gatewayId()).isEqualTo("gw2");

        // the gateway is reported once; a live gateway is never reported
        for (int i = 0; i < 20; i++) {
            advance(5);
            beat("gw2");
            check();
        }
        assertThat(logoutPushes()).containsExactly("ann:offline");
        assertThat(liveness.isAlive("gw2")).isTrue();
    }

    @Test
    void aGatewayThatSaysItIsStoppingHasItsUsersTakenOfflineAtOnce() {
        long dora = presence.account("dora");
        presence.login("dora", "gw3", "gw3-1");
        beat("gw3");

        watch.heard(GatewayHeartbeat.stopping("gw3", "run-1", wallMillis)).block();

        assertThat(logoutPushes()).containsExactly("dora:offline");
        assertThat(presence.status(dora)).isEqualTo("offline");
        // its connections' own close commands, arriving later, end nothing more
        assertThat(presence.presenceSessions.connectionClosed(dora, "gw3-1").blockOptional()).isEmpty();
    }

    @Test
    void aGatewayHoldingSessionsButNeverHeardFromGetsTheTimeoutToAnnounceItself() {
        // sessions from before this presence started, on a gateway that died meanwhile
        long emil = presence.account("emil");
        presence.login("emil", "gw4", "gw4-1");

        check();
        advance(29);
        beat("gw-other");
        check();
        assertThat(presence.status(emil)).isEqualTo("online");

        advance(2);
        beat("gw-other");
        check();
        assertThat(logoutPushes()).containsExactly("emil:offline");
        assertThat(presence.status(emil)).isEqualTo("offline");
    }

    @Test
    void oldHeartbeatsReplayedFromTheTopicDoNotKeepADeadGatewayAlive() {
        long finn = presence.account("finn");
        presence.login("finn", "gw5", "gw5-1");
        check();
        beat("gw-other");
        advance(20);
        beat("gw-other");
        advance(11);
        // a heartbeat sent 40 s ago, read only now
        watch.heard(GatewayHeartbeat.alive("gw5", "run-1", 5000, wallMillis - 40_000)).block();
        beat("gw-other");
        check();
        assertThat(presence.status(finn)).isEqualTo("offline");
    }

    @Test
    void whenNoGatewayIsHeardAtAllTheBusIsSuspectAndNobodyGoesOffline() {
        long gus = presence.account("gus");
        long hal = presence.account("hal");
        presence.login("gus", "gw6", "gw6-1");
        presence.login("hal", "gw7", "gw7-1");
        beat("gw6");
        beat("gw7");
        check();

        // a broker outage: no heartbeat of any gateway for two minutes
        for (int i = 0; i < 24; i++) {
            advance(5);
            check();
        }
        assertThat(bus.published()).isEmpty();
        assertThat(presence.status(gus)).isEqualTo("online");

        // heartbeats come back, but only from gw6: gw7 gets a full timeout from now, then is gone
        beat("gw6");
        check();
        assertThat(bus.published()).isEmpty();
        advance(25);
        beat("gw6");
        check();
        assertThat(bus.published()).isEmpty();
        advance(10);
        beat("gw6");
        check();
        assertThat(logoutPushes()).containsExactly("hal:offline");
        assertThat(presence.status(gus)).isEqualTo("online");
        assertThat(presence.status(hal)).isEqualTo("offline");
    }

    /** The {@code logout} pushes published, as {@code account:status}. */
    private List<String> logoutPushes() {
        return bus.records(Delivery.class).stream()
                .filter(d -> d.packets() != null)
                .flatMap(d -> d.packets().stream())
                .filter(p -> Methods.LOGOUT.equals(p.method()))
                .map(p -> p.data().path("account").asText() + ":" + p.data().path("status").asText())
                .toList();
    }

    private List<String> offlineEvents() {
        return bus.records(PresenceEvent.class).stream()
                .filter(e -> e.type() == PresenceEvent.Type.OFFLINE)
                .map(e -> e.user().account())
                .toList();
    }

    private void beat(String gatewayId) {
        watch.heard(GatewayHeartbeat.alive(gatewayId, "run-1", 5000, wallMillis)).block();
    }

    private void check() {
        watch.check().block(Duration.ofSeconds(10));
    }

    private void advance(int seconds) {
        nanos += TimeUnit.SECONDS.toNanos(seconds);
        wallMillis += seconds * 1000L;
    }
}
