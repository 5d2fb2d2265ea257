package io.xuanxuan.offline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.offline.domain.QueuedPush;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.core.DatabaseClient;

/** Every query of the offline service's stores, on H2 (standalone) and on MariaDB (distributed). */
class OfflineStoresTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theQueueKeepsOnePushPerKeyInLevelThenIdOrderUntilRemoved(Engine engine) {
        OfflineQueueStore queue = new OfflineQueueStore(TestDatabases.create(engine, "offline"));
        long first = queue.put(7, 3, "chat", "message", ProtocolJson.nodes().textNode("a"), "message:a", 1).block();
        long second = queue.put(7, 3, "chat", "message", ProtocolJson.nodes().textNode("b"), "message:b", 1).block();
        long early = queue.put(7, 1, "chat", "notice", ProtocolJson.nodes().textNode("n"), "notice:1", 1).block();
        queue.put(8, 3, "chat", "message", ProtocolJson.nodes().textNode("a"), "message:a", 1).block();

        // queueing the same key again replaces the data, keeps the id (also when nothing changed)
        long again = queue.put(7, 3, "chat", "message", ProtocolJson.nodes().textNode("a2"), "message:a", 2).block();
        long same = queue.put(7, 3, "chat", "message", ProtocolJson.nodes().textNode("a2"), "message:a", 3).block();
        assertThat(again).isEqualTo(first);
        assertThat(same).isEqualTo(first);

        List<QueuedPush> sevens = queue.queueOf(7).collectList().block();
        assertThat(sevens).extracting(QueuedPush::id).containsExactly(early, first, second);
        assertThat(sevens.get(1).data().asText()).isEqualTo("a2");
        assertThat(sevens.get(1).toPacket().method()).isEqualTo("message");
        assertThat(queue.depth().block()).isEqualTo(4);

        assertThat(queue.remove(7, List.of(first, early)).block()).isEqualTo(2);
        assertThat(queue.remove(8, List.of(second)).block()).as("only the user's own rows").isZero();
        assertThat(queue.remove(7, List.of()).block()).isZero();
        assertThat(queue.queueOf(7).map(QueuedPush::id).collectList().block()).containsExactly(second);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theLiveConnectionIsReplacedAndClearedOnlyByItsOwnConnection(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "offline");
        for (boolean remember : new boolean[] {false, true}) {
            LiveConnectionStore live = new LiveConnectionStore(db, remember);
            assertThat(live.connectionOf(7).blockOptional()).isEmpty();
            live.set(7, "c1").block();
            live.set(7, "c2").block();
            assertThat(live.connectionOf(7).block()).isEqualTo("c2");
            live.clear(7, "c1").block();
            assertThat(live.connectionOf(7).block()).isEqualTo("c2");
            live.clear(7, "c2").block();
            assertThat(live.connectionOf(7).blockOptional()).isEmpty();
            live.set(8, "c3").block();
            live.clearAll().block();
            assertThat(live.connectionOf(8).blockOptional()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRememberingStoreAnswersFromMemoryAndANonRememberingOneFromTheTable(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "offline");
        LiveConnectionStore remembering = new LiveConnectionStore(db, true);
        LiveConnectionStore reading = new LiveConnectionStore(db, false);
        remembering.set(7, "c1").block();
        assertThat(remembering.connectionOf(9).blockOptional()).isEmpty();
        // changed behind its back (as another instance would): only the reading store sees it
        db.sql("UPDATE offline_live_connection SET connection_id = 'c9' WHERE user_id = 7").then().block();
        db.sql("INSERT INTO offline_live_connection (user_id, connection_id) VALUES (9, 'c5')").then().block();
        assertThat(remembering.connectionOf(7).block()).isEqualTo("c1");
        assertThat(remembering.connectionOf(9).blockOptional()).isEmpty();
        assertThat(reading.connectionOf(7).block()).isEqualTo("c9");
        assertThat(reading.connectionOf(9).block()).isEqualTo("c5");
    }
}
