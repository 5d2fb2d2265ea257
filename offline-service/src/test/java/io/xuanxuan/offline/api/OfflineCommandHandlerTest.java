package io.xuanxuan.offline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.offline.domain.QueuedPush;
import io.xuanxuan.offline.store.LiveConnectionStore;
import io.xuanxuan.offline.store.OfflineQueueStore;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.command.RecordingBus;
import io.xuanxuan.service.store.TestDatabases;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * One user's offline queue, command by command, on H2: with the live connection kept in memory (the
 * in-process bus) and read from the table every time (Kafka), which must behave the same.
 */
class OfflineCommandHandlerTest {

    private static final long USER = 42;

    private final DatabaseClient db = TestDatabases.create(TestDatabases.Engine.H2, "offline");
    private final OfflineQueueStore queue = new OfflineQueueStore(db);
    private final RecordingBus bus = new RecordingBus();

    private OfflineCommandHandler handler(boolean remember) {
        return new OfflineCommandHandler(queue, new LiveConnectionStore(db, remember), new OutcomePublisher(bus),
                Clock.systemUTC(), 2);
    }

    @ParameterizedTest(name = "remember live connection: {0}")
    @ValueSource(booleans = {true, false})
    void pushesWaitForTheFlushGoOutInBatchesAndStayUntilAcknowledged(boolean remember) {
        OfflineCommandHandler offline = handler(remember);
        offline.handle(queued("a")).block();
        offline.handle(queued("b")).block();
        offline.handle(queued("c")).block();
        assertThat(bus.published()).as("no connection flushed yet: kept, not written").isEmpty();

        offline.handle(OfflineCommand.flush(USER, "c1")).block();

        assertThat(bus.published()).extracting(Outgoing::topic, Outgoing::key)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(Topics.DELIVERIES, String.valueOf(USER)));
        List<Delivery> flushed = bus.records(Delivery.class);
        assertThat(flushed).as("flush batch 2").extracting(d -> d.packets().size()).containsExactly(2, 1);
        assertThat(flushed).allSatisfy(d -> {
            assertThat(d.target().connectionId()).isEqualTo("c1");
            assertThat(d.acknowledge()).as("the gateway acknowledges what it wrote").isTrue();
        });
        List<PushPacket> packets = flushed.stream().flatMap(d -> d.packets().stream()).toList();
        assertThat(packets).extracting(p -> p.data().asText()).containsExactly("a", "b", "c");
        assertThat(packets).extracting(PushPacket::id).doesNotContainNull();

        // after its flush, the connection gets a new push at once, with its queue id
        offline.handle(queued("d")).block();
        Delivery live = bus.records(Delivery.class).get(2);
        assertThat(live.target().connectionId()).isEqualTo("c1");
        assertThat(live.packets()).extracting(p -> p.data().asText()).containsExactly("d");

        // only acknowledged pushes leave the queue
        offline.handle(OfflineCommand.ack(USER, "c1", packets.stream().map(PushPacket::id).toList())).block();
        assertThat(queue.queueOf(USER).map(QueuedPush::data).map(data -> data.asText()).collectList().block())
                .containsExactly("d");
    }

    @ParameterizedTest(name = "remember live connection: {0}")
    @ValueSource(booleans = {true, false})
    void anOfflineConnectionGetsNothingMoreButAStaleOfflineLeavesTheNewerConnectionLive(boolean remember) {
        OfflineCommandHandler offline = handler(remember);
        offline.handle(OfflineCommand.flush(USER, "c1")).block();
        offline.handle(OfflineCommand.flush(USER, "c2")).block();

        // c1 was replaced by c2: its late OFFLINE changes nothing
        offline.handle(OfflineCommand.offline(USER, "c1")).block();
        offline.handle(queued("x")).block();
        assertThat(bus.records(Delivery.class)).extracting(d -> d.target().connectionId()).containsExactly("c2");

        offline.handle(OfflineCommand.offline(USER, "c2")).block();
        offline.handle(queued("y")).block();
        assertThat(bus.records(Delivery.class)).as("no connection: y is only kept").hasSize(1);
        assertThat(queue.queueOf(USER).map(p -> p.data().asText()).collectList().block()).containsExactly("x", "y");
    }

    @ParameterizedTest(name = "remember live connection: {0}")
    @ValueSource(booleans = {true, false})
    void theSamePushQueuedTwiceIsKeptAndWrittenOnce(boolean remember) {
        OfflineCommandHandler offline = handler(remember);
        offline.handle(queued("a")).block();
        offline.handle(queued("a")).block();
        offline.handle(OfflineCommand.flush(USER, "c1")).block();

        assertThat(bus.records(Delivery.class)).flatExtracting(Delivery::packets).hasSize(1);
    }

    private static OfflineCommand queued(String text) {
        return OfflineCommand.queue(USER, "notice", ProtocolJson.nodes().textNode(text), "notice:" + text);
    }
}
