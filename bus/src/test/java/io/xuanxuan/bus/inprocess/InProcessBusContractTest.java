package io.xuanxuan.bus.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.bus.BusContractTest;
import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import io.xuanxuan.model.bus.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class InProcessBusContractTest extends BusContractTest {

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static InProcessBus bus;

    @BeforeAll
    static void startBus() {
        bus = new InProcessBus(new InProcessBusSettings(8, 10_000, TEST_RETRY, Duration.ofSeconds(10)),
                BusMetrics.of(meters));
    }

    @AfterAll
    static void stopBus() {
        bus.close();
    }

    @Override
    protected MessageBus bus() {
        return bus;
    }

    @Override
    protected MeterRegistry meters() {
        return meters;
    }

    @Override
    protected MessageBus newBus(RetryPolicy retry) {
        return new InProcessBus(new InProcessBusSettings(8, 10_000, retry, Duration.ofSeconds(10)),
                BusMetrics.of(meters));
    }

    // Records travel as objects here; text is undecodable as an Item just as non-JSON is on Kafka.
    @Override
    protected void publishUndecodable(MessageBus bus, String topic, String key, String text) {
        bus.publish(topic, key, text).block(WAIT);
    }

    @Override
    protected int partitionOf(String key) {
        return InProcessGroup.partitionOf(key, 8);
    }

    @Test
    void makesPublishersWaitForRoomWithoutBlockingThem() throws Exception {
        int capacity = 10;
        try (InProcessBus small = new InProcessBus(
                new InProcessBusSettings(4, capacity, TEST_RETRY, Duration.ofSeconds(10)),
                BusMetrics.NONE)) {
            CountDownLatch handling = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> processed = new CopyOnWriteArrayList<>();
            small.subscribe(topic(), "slow", Item.class, item -> Mono.fromRunnable(() -> {
                handling.countDown();
                awaitQuietly(release);
                processed.add(item.seq());
            }));

            small.publish(topic(), "k", new Item("k", 0)).block(WAIT);
            assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

            // Record 0 is in the handler; the next `capacity` fill the queue; the rest must wait for room.
            List<CompletableFuture<Void>> publishes = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 1; i <= capacity + 10; i++) {
                publishes.add(small.publish(topic(), "k", new Item("k", i)).toFuture());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the caller was blocked")
                    .isLessThan(Duration.ofSeconds(2));

            await().atMost(WAIT).until(() -> publishes.subList(0, capacity).stream()
                    .allMatch(CompletableFuture::isDone));
            // the rest stay waiting while the handler holds the queue (checked for 300 ms)
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> publishes
                    .subList(capacity, publishes.size()).stream().noneMatch(CompletableFuture::isDone));

            release.countDown();
            CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> processed.size() == capacity + 11);
            assertThat(processed).containsExactlyElementsOf(IntStream.rangeClosed(0, capacity + 10).boxed().toList());
        }
    }

    @Test
    void keepsOnlyTheNewestRecordsOfATopicWithoutSubscribers() {
        int capacity = 10;
        try (InProcessBus small = new InProcessBus(
                new InProcessBusSettings(4, capacity, TEST_RETRY, Duration.ofSeconds(10)),
                BusMetrics.NONE)) {
            for (int i = 0; i < capacity + 5; i++) {
                // Never waits: nobody may ever read this topic (dead-letter topics, typically).
                small.publish(topic(), "k", new Item("k", i)).block(Duration.ofSeconds(1));
            }
            List<Integer> first = new CopyOnWriteArrayList<>();
            List<Integer> second = new CopyOnWriteArrayList<>();
            small.subscribe(topic(), "first", Item.class, item -> Mono.fromRunnable(() -> first.add(item.seq())));
            await().atMost(WAIT).until(() -> first.size() == capacity);
            small.subscribe(topic(), "second", Item.class, item -> Mono.fromRunnable(() -> second.add(item.seq())));
            small.publish(topic(), "k", new Item("k", 99)).block(WAIT);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(first).containsExactlyElementsOf(
                        IntStream.concat(IntStream.range(5, capacity + 5), IntStream.of(99)).boxed().toList());
                assertThat(second).containsExactly(99);
            });
        }
    }

    @Test
    void deadLettersAHandlerThatNeverCompletes() {
        try (InProcessBus impatient = new InProcessBus(
                new InProcessBusSettings(2, 100, TEST_RETRY, Duration.ofMillis(50)),
                BusMetrics.NONE)) {
            List<Integer> processed = new CopyOnWriteArrayList<>();
            List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
            impatient.subscribe(topic(), "hanging", Item.class,
                    item -> item.seq() == 0 ? Mono.never() : Mono.fromRunnable(() -> processed.add(item.seq())));
            impatient.subscribe(Topics.deadLetter(topic()), "dlt", DeadLetter.class,
                    letter -> Mono.fromRunnable(() -> deadLetters.add(letter)));

            impatient.publish(topic(), "k", new Item("k", 0)).block(WAIT);
            impatient.publish(topic(), "k", new Item("k", 1)).block(WAIT);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(processed).containsExactly(1);
                assertThat(deadLetters).singleElement().satisfies(letter ->
                        assertThat(letter.reason()).startsWith("failed after 4 attempts: TimeoutException"));
            });
        }
    }

    @Test
    void refusesASecondSubscriptionOfTheSameGroup() {
        subscribe(topic(), "only-once", Item.class, item -> Mono.empty());
        assertThatThrownBy(() -> bus.subscribe(topic(), "only-once", Item.class, item -> Mono.empty()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopsEverythingWhenClosed() {
        InProcessBus closing = new InProcessBus(new InProcessBusSettings(1, 1, TEST_RETRY, Duration.ofSeconds(10)),
                BusMetrics.NONE);
        CountDownLatch release = new CountDownLatch(1);
        BusSubscription ignored = closing.subscribe(topic(), "g", Item.class,
                item -> Mono.fromRunnable(() -> awaitQuietly(release)));
        closing.publish(topic(), "k", new Item("k", 0)).block(WAIT);
        closing.publish(topic(), "k", new Item("k", 1)).block(WAIT);
        CompletableFuture<Void> waiting = closing.publish(topic(), "k", new Item("k", 2)).toFuture();
        // Record 0 may still be on its way into the handler; either way record 2 finds no room.
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !waiting.isDone());

        release.countDown();
        closing.close();

        // Let in or turned away, but not left hanging.
        assertThat(waiting).isDone();
        assertThatThrownBy(() -> closing.publish(topic(), "k", new Item("k", 3)).block(WAIT))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> closing.subscribe(topic(), "h", Item.class, item -> Mono.empty()))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
