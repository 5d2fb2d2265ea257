package io.xuanxuan.offline.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.inprocess.InProcessBus;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.offline.api.OfflineCommandHandler;
import io.xuanxuan.offline.store.LiveConnectionStore;
import io.xuanxuan.offline.store.OfflineQueueStore;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.command.RecordingBus;
import io.xuanxuan.service.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The offline service's routing: its commands reach the queue, and presence's OFFLINE event of a connection
 * becomes that user's OFFLINE command, ordered with the rest of the user's queue work.
 */
class OfflineConsumersTest {

    private static final long USER = 7;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DatabaseClient db = TestDatabases.create(TestDatabases.Engine.H2, "offline");

    @Test
    void onlyTheOfflineEventOfAConnectionBecomesACommandKeyedByTheUser() {
        RecordingBus bus = new RecordingBus();
        OfflineConsumers consumers = new OfflineConsumers(bus, new OutcomePublisher(bus), handler(bus,
                new LiveConnectionStore(db, false)));

        consumers.onPresence(PresenceEvent.online(user(), "gw", "c1", "sid")).block();
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.ANNOUNCED, user(), null, null)).block();
        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.STATUS_CHANGED, user(), "gw", "c1")).block();
        assertThat(bus.published()).isEmpty();

        consumers.onPresence(PresenceEvent.of(PresenceEvent.Type.OFFLINE, user(), "gw", "c1")).block();

        List<Outgoing> published = bus.published();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).topic()).isEqualTo(Topics.commands(ServiceName.OFFLINE));
        assertThat(published.get(0).key()).isEqualTo(String.valueOf(USER));
        OfflineCommand command = (OfflineCommand) published.get(0).record();
        assertThat(command.type()).isEqualTo(OfflineCommand.Type.OFFLINE);
        assertThat(command.userId()).isEqualTo(USER);
        assertThat(command.connectionId()).isEqualTo("c1");
    }

    @Test
    void onTheInProcessBusAConnectionThatWentOfflineGetsNoMorePushesAndTheNextLoginGetsThemAll() {
        try (InProcessBus bus = new InProcessBus()) {
            LiveConnectionStore live = new LiveConnectionStore(db, bus.keysStayInThisProcess());
            OfflineConsumers consumers = new OfflineConsumers(bus, new OutcomePublisher(bus), handler(bus, live));
            List<Delivery> deliveries = new CopyOnWriteArrayList<>();
            BusSubscription gateway = bus.subscribe(Topics.DELIVERIES, "test-gateway", Delivery.class,
                    delivery -> Mono.fromRunnable(() -> deliveries.add(delivery)));
            consumers.start();
            try {
                command(bus, OfflineCommand.flush(USER, "c1"));
                command(bus, queued("a"));
                Awaitility.await("a written to c1").atMost(WAIT)
                        .until(() -> texts(deliveries, "c1").contains("a"));

                bus.publish(Topics.EVENTS_PRESENCE, String.valueOf(USER),
                        PresenceEvent.of(PresenceEvent.Type.OFFLINE, user(), "gw", "c1")).block(WAIT);
                Awaitility.await("c1 no longer live").atMost(WAIT)
                        .until(() -> live.connectionOf(USER).blockOptional(WAIT).isEmpty());

                command(bus, queued("b"));
                command(bus, OfflineCommand.flush(USER, "c2"));
                // the user's commands are handled in order: once c2's flush is written, b was handled before it
                Awaitility.await("the queue flushed to c2").atMost(WAIT)
                        .until(() -> texts(deliveries, "c2").containsAll(List.of("a", "b")));
                assertThat(texts(deliveries, "c1")).as("nothing after c1 went offline").containsExactly("a");
            } finally {
                consumers.stop();
                gateway.close();
            }
        }
    }

    private OfflineCommandHandler handler(io.xuanxuan.bus.MessageBus bus, LiveConnectionStore live) {
        return new OfflineCommandHandler(new OfflineQueueStore(db), live, new OutcomePublisher(bus),
                Clock.systemUTC(), 200);
    }

    private static void command(InProcessBus bus, OfflineCommand command) {
        bus.publish(Topics.commands(ServiceName.OFFLINE), String.valueOf(command.userId()), command).block(WAIT);
    }

    private static List<String> texts(List<Delivery> deliveries, String connectionId) {
        return deliveries.stream().filter(d -> connectionId.equals(d.target().connectionId()))
                .flatMap(d -> d.packets().stream())
                .map(p -> p.data().asText())
                .toList();
    }

    private static OfflineCommand queued(String text) {
        return OfflineCommand.queue(USER, "notice", ProtocolJson.nodes().textNode(text), "notice:" + text);
    }

    private static User user() {
        return new User(USER, "user7", "User Seven", "", "", 0, "online", "no", "", "", "", "", "");
    }
}
