package io.xuanxuan.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xuanxuan.gateway.FakeMessageBus;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.config.TestGatewayProperties;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.model.bus.CursorBatch;
import io.xuanxuan.model.bus.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Coalescing and publishing of cursor advances, on the fake bus. */
class CursorBatcherTest {

    private final FakeMessageBus bus = new FakeMessageBus();
    private CursorBatcher batcher;

    private CursorBatcher batcher(int batchSize, Duration interval) {
        GatewayProperties properties = TestGatewayProperties.of(Map.of("id", "gwcursor", "publish-timeout", "2s",
                "cursor.batch-size", String.valueOf(batchSize), "cursor.flush-interval", interval.toMillis() + "ms"));
        GatewayMetrics metrics = new GatewayMetrics(null);
        batcher = new CursorBatcher(new CommandPublisher(bus, properties, metrics), properties, metrics);
        return batcher;
    }

    @AfterEach
    void stop() {
        if (batcher != null && batcher.isRunning()) {
            batcher.stop();
        }
    }

    private List<CursorBatch> batches() {
        return bus.published().stream().filter(p -> p.topic().equals(Topics.CURSORS))
                .map(p -> (CursorBatch) p.record()).toList();
    }

    private List<CursorBatch.Advance> advances() {
        return batches().stream().flatMap(b -> b.advances().stream()).toList();
    }

    @Test
    void advancesOfOneUserAndChatCoalesceToTheHighest() {
        CursorBatcher cursors = batcher(1000, Duration.ofHours(1));
        cursors.record(1, "a", 5);
        cursors.record(1, "a", 9);
        cursors.record(1, "a", 7); // a late receipt of an earlier frame
        cursors.record(1, "b", 2);
        cursors.record(2, "a", 3);
        assertThat(cursors.pending()).isEqualTo(3);
        cursors.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> !batches().isEmpty());
        assertThat(batches()).hasSize(1);
        CursorBatch batch = batches().get(0);
        assertThat(batch.gatewayId()).isEqualTo("gwcursor");
        assertThat(bus.published().stream().filter(p -> p.topic().equals(Topics.CURSORS)).findFirst().orElseThrow()
                .key()).isEqualTo("gwcursor");
        assertThat(batch.advances()).containsExactlyInAnyOrder(new CursorBatch.Advance(1, "a", 9),
                new CursorBatch.Advance(1, "b", 2), new CursorBatch.Advance(2, "a", 3));
        assertThat(cursors.pending()).isZero();
    }

    /**
     * Receipts keep arriving while a flush publishes (steady load): the flush publishes what was pending
     * when it began and leaves the rest for the next one. Publishing until the map is empty turned into an
     * endless stream of one-advance batches that the chat service could not apply as fast.
     */
    @Test
    // a flush that never ends spins in the calling thread: fail instead of hanging the build
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFlushPublishesWhatWasPendingWhenItBeganNotWhatArrivesMeanwhile() throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<CursorBatcher> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong(100);
        FakeMessageBus receiptsMeanwhile = new FakeMessageBus() {
            @Override
            public reactor.core.publisher.Mono<Void> publish(String topic, String key, Object record) {
                // a receipt arrives while each batch is being published
                return super.publish(topic, key, record)
                        .doOnSuccess(done -> self.get().record(9, "busy", seq.incrementAndGet()));
            }
        };
        // batch size above what is ever pending here: no flush by size
        GatewayProperties properties = TestGatewayProperties.of(Map.of("id", "gwsteady", "publish-timeout", "2s",
                "cursor.batch-size", "10", "cursor.flush-interval", "1h"));
        GatewayMetrics metrics = new GatewayMetrics(null);
        CursorBatcher cursors = new CursorBatcher(new CommandPublisher(receiptsMeanwhile, properties, metrics),
                properties, metrics);
        self.set(cursors);
        cursors.record(1, "a", 1);
        cursors.record(2, "a", 1);
        cursors.record(3, "a", 1); // 3 pending: this flush publishes one batch
        cursors.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> !cursors.isFlushing()
                && !receiptsMeanwhile.published().isEmpty());
        // a flush that kept going would publish more meanwhile: one batch, for 300 ms
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(receiptsMeanwhile.published()).as("batches of this flush").hasSize(1));
        assertThat(cursors.pending()).as("the receipts that came meanwhile wait for the next flush").isEqualTo(1);
    }

    /** A closing connection publishes its user's advances at once, in a batch of their own. */
    @Test
    void flushingOneUserPublishesOnlyThatUsersAdvances() {
        CursorBatcher cursors = batcher(1000, Duration.ofHours(1));
        cursors.record(1, "a", 4);
        cursors.record(1, "b", 6);
        cursors.record(2, "a", 5);
        cursors.flushUser(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> !batches().isEmpty());
        assertThat(batches()).hasSize(1);
        assertThat(batches().get(0).advances()).containsExactlyInAnyOrder(new CursorBatch.Advance(1, "a", 4),
                new CursorBatch.Advance(1, "b", 6));
        assertThat(cursors.pending()).as("the other user's advance waits for the next flush").isEqualTo(1);
    }

    @Test
    void aFullBatchIsPublishedWithoutWaitingForTheInterval() {
        CursorBatcher cursors = batcher(3, Duration.ofHours(1));
        cursors.start();
        cursors.record(1, "a", 1);
        cursors.record(2, "a", 1);
        assertThat(batches()).isEmpty();
        cursors.record(3, "a", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> advances().size() == 3);
        assertThat(batches()).allSatisfy(batch -> assertThat(batch.advances().size()).isLessThanOrEqualTo(3));
    }

    @Test
    void aFlushPublishesEverythingInBatchesOfTheSize() {
        CursorBatcher cursors = batcher(1000, Duration.ofHours(1));
        for (int user = 0; user < 2500; user++) {
            cursors.record(user, "a", user);
        }
        // records above the size flushed on their own; the rest goes with this flush
        cursors.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> advances().size() == 2500);
        assertThat(batches()).allSatisfy(batch -> assertThat(batch.advances().size()).isLessThanOrEqualTo(1000));
        assertThat(advances().stream().map(CursorBatch.Advance::userId).distinct().count()).isEqualTo(2500);
    }

    @Test
    void pendingAdvancesArePublishedEveryInterval() {
        CursorBatcher cursors = batcher(1000, Duration.ofMillis(50));
        cursors.start();
        cursors.record(7, "c", 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> advances().contains(new CursorBatch.Advance(7, "c", 4)));
    }

    @Test
    void aBatchThatCannotBePublishedIsKeptAtItsMaximumAndPublishedLater() {
        CursorBatcher cursors = batcher(1000, Duration.ofHours(1));
        bus.setFailing(true);
        cursors.record(1, "a", 5);
        cursors.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> cursors.pending() == 1 && !flushing(cursors));
        cursors.record(1, "a", 4); // older than what was kept
        cursors.record(1, "a", 6);
        bus.setFailing(false);
        cursors.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> !advances().isEmpty());
        assertThat(advances()).containsExactly(new CursorBatch.Advance(1, "a", 6));
    }

    @Test
    void stopPublishesWhatIsPending() {
        CursorBatcher cursors = batcher(1000, Duration.ofHours(1));
        cursors.start();
        cursors.record(3, "z", 11);
        cursors.stop();
        assertThat(advances()).containsExactly(new CursorBatch.Advance(3, "z", 11));
    }

    private static boolean flushing(CursorBatcher cursors) {
        return cursors.isFlushing();
    }
}
