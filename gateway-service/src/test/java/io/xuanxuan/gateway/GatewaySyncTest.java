package io.xuanxuan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xuanxuan.model.bus.CursorBatch;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.PushPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Chat messages on real sockets (DESIGN.md section 4, "gateway"): the login sync asked for after
 * {@code getList}, live messages held until the sync ended and filtered by what the connection was
 * written, cursors from the receipts, and the connections whose sync does not end.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "xuanxuan.gateway.id=gwsync",
                "xuanxuan.gateway.sync.timeout=5s",
                "xuanxuan.gateway.sync.max-held=5",
                // cursors go out only when full (never here) or when a connection closes
                "xuanxuan.gateway.cursor.flush-interval=1h"
        })
class GatewaySyncTest extends GatewayTestSupport {

    private static final String MARKER = "marker";

    /** A live delivery of messages {@code cgid#seq}, to the user, as chat publishes it. */
    private static Delivery live(long userId, String cgid, long... seqs) {
        return Delivery.messages(DeliveryTarget.user(userId), packet(cgid, seqs), mark(cgid, seqs));
    }

    private static Delivery page(String connectionId, boolean end, String cgid, long... seqs) {
        return Delivery.synced(connectionId, List.of(packet(cgid, seqs)), List.of(mark(cgid, seqs)), end);
    }

    private static PushPacket packet(String cgid, long... seqs) {
        return PushPacket.of("message", Arrays.stream(seqs)
                .mapToObj(seq -> Map.of("gid", cgid + "#" + seq, "cgid", cgid, "content", "m")).toList());
    }

    private static MessageMark mark(String cgid, long... seqs) {
        return new MessageMark(cgid, Arrays.stream(seqs).boxed().toList());
    }

    /** Writes the connection's getList (which starts its sync) and returns the sync request published. */
    private SyncRequest startSync(LoggedIn session) {
        assertThat(bus.find(p -> p.record() instanceof SyncRequest r && r.connectionId().equals(session.connectionId())))
                .as("no sync is asked for before getList").isEmpty();
        bus.deliver(Delivery.push(DeliveryTarget.connection(session.connectionId()),
                PushPacket.of("getList", List.of())).startingSync());
        JsonNode getList = session.client().next();
        assertThat(getList.get(0).path("method").asText()).isEqualTo("getList");
        FakeMessageBus.Published published = bus.await(p -> p.record() instanceof SyncRequest r
                && r.connectionId().equals(session.connectionId()), TIMEOUT);
        assertThat(published.topic()).isEqualTo(Topics.SYNC);
        assertThat(published.key()).isEqualTo(Long.toString(session.userId()));
        SyncRequest request = (SyncRequest) published.record();
        assertThat(request.userId()).isEqualTo(session.userId());
        assertThat(request.gatewayId()).isEqualTo("gwsync");
        return request;
    }

    private void marker(LoggedIn session) {
        bus.deliver(Delivery.push(DeliveryTarget.user(session.userId()), PushPacket.of(MARKER, "end")));
    }

    /**
     * Every packet the client reads until the marker push, as {@code cgid#seq} for messages and the method
     * for other pushes, whatever frames they came in.
     */
    private static List<String> readUntilMarker(LoggedIn session) {
        List<String> read = new ArrayList<>();
        while (true) {
            JsonNode frame = session.client().next();
            assertThat(frame.isArray()).as("a push array: %s", frame).isTrue();
            for (JsonNode packet : frame) {
                String method = packet.path("method").asText();
                if (MARKER.equals(method)) {
                    return read;
                }
                if ("message".equals(method)) {
                    packet.path("data").forEach(message -> read.add(message.path("gid").asText()));
                } else {
                    read.add(method);
                }
            }
        }
    }

    @Test
    void liveMessagesAreHeldUntilTheSyncEndedThenWrittenWithoutWhatTheSyncWrote() {
        LoggedIn session = connectAndLogin();
        long user = session.userId();
        String connection = session.connectionId();
        startSync(session);

        bus.deliver(live(user, "A", 3));          // also in the sync: dropped
        bus.deliver(live(user, "B", 1));          // also in the sync: dropped
        bus.deliver(page(connection, false, "A", 1, 2, 3));
        bus.deliver(Delivery.push(DeliveryTarget.user(user), PushPacket.of("userStatus", "x"))); // not held
        bus.deliver(live(user, "A", 4, 5));       // newer than the sync: written after it
        bus.deliver(page(connection, true, "B", 1, 2));
        bus.deliver(live(user, "A", 5, 6));       // after the sync, 5 already written: only 6
        bus.deliver(live(user, "A", 6));          // nothing new: not written at all
        marker(session);

        assertThat(readUntilMarker(session)).containsExactly("A#1", "A#2", "A#3", "userStatus", "B#1", "B#2",
                "A#4", "A#5", "A#6");
    }

    @Test
    void aSyncPageDropsWhatALivePushWroteAndKeepsTheRestOfItsPacket() {
        LoggedIn session = connectAndLogin();
        startSync(session);
        bus.deliver(page(session.connectionId(), true, "C", 1));
        bus.deliver(live(session.userId(), "C", 2, 3));
        // a second sync of the same connection (a repeated getList) overlapping what was written live
        bus.deliver(page(session.connectionId(), true, "C", 2, 3, 4));
        marker(session);
        assertThat(readUntilMarker(session)).containsExactly("C#1", "C#2", "C#3", "C#4");
    }

    @Test
    void nonMessagePushesAreNeverHeld() {
        LoggedIn session = connectAndLogin();
        startSync(session);
        bus.deliver(live(session.userId(), "D", 1));
        marker(session); // during the sync: written at once, the held message is not
        assertThat(readUntilMarker(session)).isEmpty();
        bus.deliver(page(session.connectionId(), true, "D", 1));
        marker(session);
        assertThat(readUntilMarker(session)).containsExactly("D#1");
    }

    @Test
    void anEmptySyncEndWritesNothingAndReleasesTheHeldMessages() {
        LoggedIn session = connectAndLogin();
        startSync(session);
        bus.deliver(live(session.userId(), "E", 7));
        bus.deliver(Delivery.synced(session.connectionId(), List.of(), List.of(), true));
        marker(session);
        assertThat(readUntilMarker(session)).containsExactly("E#7");
    }

    @Test
    void theReadCursorIsPublishedWhenTheConnectionCloses() {
        LoggedIn session = connectAndLogin();
        startSync(session);
        bus.deliver(page(session.connectionId(), false, "F", 1, 2));
        bus.deliver(page(session.connectionId(), true, "G", 4));
        bus.deliver(live(session.userId(), "F", 3));
        marker(session);
        assertThat(readUntilMarker(session)).containsExactly("F#1", "F#2", "G#4", "F#3");
        // the receipt pings came before this answer, and the client answered them on arrival
        assertServed(session);

        session.client().close();
        bus.await(p -> cursorAdvances(session.userId()).size() == 2, TIMEOUT);
        assertThat(cursorAdvances(session.userId())).containsExactlyInAnyOrder(
                new CursorBatch.Advance(session.userId(), "F", 3), new CursorBatch.Advance(session.userId(), "G", 4));
        assertThat(bus.find(p -> p.topic().equals(Topics.CURSORS)).orElseThrow().key()).isEqualTo("gwsync");
    }

    private List<CursorBatch.Advance> cursorAdvances(long userId) {
        // coalesced per batch; across batches the highest per chat is what a cursor becomes
        Map<String, Long> highest = new java.util.TreeMap<>();
        bus.published().stream().filter(p -> p.record() instanceof CursorBatch)
                .flatMap(p -> ((CursorBatch) p.record()).advances().stream())
                .filter(advance -> advance.userId() == userId)
                .forEach(advance -> highest.merge(advance.cgid(), advance.seq(), Math::max));
        return highest.entrySet().stream().map(e -> new CursorBatch.Advance(userId, e.getKey(), e.getValue())).toList();
    }

    @Test
    void aConnectionWhoseSyncNeverEndsIsClosed() {
        LoggedIn bystander = connectAndLogin();
        LoggedIn session = connectAndLogin();
        startSync(session);
        bus.deliver(live(session.userId(), "H", 1));
        double before = counter("xuanxuan.gateway.closes", "reason", "sync_overdue");

        WebSocketCloseStatus status = session.client().awaitClose(Duration.ofSeconds(10));
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1013);
        assertThat(status.reasonText()).isEqualTo("Login sync overdue");
        // counted right after the close frame went out: the client may see the frame first
        await().atMost(TIMEOUT)
                .until(() -> counter("xuanxuan.gateway.closes", "reason", "sync_overdue") > before);
        assertThat(session.client().pending()).as("the held message was not written").isZero();
        bystander.client().close();
    }

    @Test
    void aConnectionHoldingMoreThanMaxHeldIsClosed() {
        LoggedIn bystander = connectAndLogin();
        startSync(bystander);
        bus.deliver(Delivery.synced(bystander.connectionId(), List.of(), List.of(), true));
        LoggedIn session = connectAndLogin();
        startSync(session);
        for (int seq = 1; seq <= 5; seq++) {
            bus.deliver(live(session.userId(), "I", seq));
        }
        assertServed(session); // five held: still open
        bus.deliver(live(session.userId(), "I", 6));

        WebSocketCloseStatus status = session.client().awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1013);
        assertThat(status.reasonText()).isEqualTo("Login sync overdue");
        bus.deliver(live(bystander.userId(), "I", 1));
        marker(bystander);
        assertThat(readUntilMarker(bystander)).containsExactly("I#1");
    }

    @Test
    void aConnectionWhoseSyncCannotBeAskedForIsClosed() {
        LoggedIn session = connectAndLogin();
        bus.setFailing(true);
        try {
            bus.deliver(Delivery.push(DeliveryTarget.connection(session.connectionId()),
                    PushPacket.of("getList", List.of())).startingSync());
            assertThat(session.client().next().get(0).path("method").asText()).isEqualTo("getList");
            WebSocketCloseStatus status = session.client().awaitClose(Duration.ofSeconds(4));
            assertThat(status).isNotNull();
            assertThat(status.code()).isEqualTo(1013);
            assertThat(status.reasonText()).isEqualTo("Login sync unavailable");
        } finally {
            bus.setFailing(false);
        }
    }
}
