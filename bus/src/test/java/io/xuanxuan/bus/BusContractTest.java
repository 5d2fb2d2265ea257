package io.xuanxuan.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract of {@link MessageBus} (its javadoc, DESIGN.md section 3), run against each adapter. Every
 * test uses its own topic and groups, so the tests of one class can share one bus (and one broker).
 */
public abstract class BusContractTest {

    /** Retries as the default, with shorter waits to keep the suite quick. */
    protected static final RetryPolicy TEST_RETRY = new RetryPolicy(3, Duration.ofMillis(20));
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** A contract record of the tests. */
    public record Item(String key, int seq) {
    }

    private final List<BusSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<MessageBus> extraBuses = new CopyOnWriteArrayList<>();
    private String topic;

    /** The bus under test, built with {@link #TEST_RETRY} and counting into {@link #meters()}. */
    protected abstract MessageBus bus();

    protected abstract MeterRegistry meters();

    /** Another bus of the same kind (and broker), counting into {@link #meters()}; the test closes it. */
    protected abstract MessageBus newBus(RetryPolicy retry);

    /** Writes {@code text} to the topic as it travels on {@code bus}, bypassing the bus's own encoding. */
    protected abstract void publishUndecodable(MessageBus bus, String topic, String key, String text);

    /** The partition the adapter puts {@code key} in, for tests that need keys in the same or other ones. */
    protected abstract int partitionOf(String key);

    /** A key named {@code prefix-n} that does ({@code same}) or does not land in {@code key}'s partition. */
    protected String keyInPartitionOf(String key, String prefix, boolean same) {
        for (int n = 0; ; n++) {
            String candidate = prefix + "-" + n;
            if ((partitionOf(candidate) == partitionOf(key)) == same) {
                return candidate;
            }
        }
    }

    @BeforeEach
    void nameTopic(TestInfo test) {
        topic = "contract." + getClass().getSimpleName() + "." + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeSubscriptionsAndBuses() throws Exception {
        subscriptions.forEach(BusSubscription::close);
        subscriptions.clear();
        for (MessageBus bus : extraBuses) {
            // Both adapters are AutoCloseable; the port itself does not need to be.
            ((AutoCloseable) bus).close();
        }
        extraBuses.clear();
    }

    /** A bus of its own for one test, closed after it. */
    protected MessageBus extraBus(RetryPolicy retry) {
        MessageBus bus = newBus(retry);
        extraBuses.add(bus);
        return bus;
    }

    protected String topic() {
        return topic;
    }

    protected <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        BusSubscription subscription = bus().subscribe(topic, group, type, handler);
        subscriptions.add(subscription);
        return subscription;
    }

    protected void publish(String key, Object record) {
        bus().publish(topic, key, record).block(WAIT);
    }

    @Test
    void keepsEachKeysOrderUnderConcurrentPublishers() {
        int keys = 20;
        int perKey = 200;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        subscribe(topic, "orderly", Item.class, item -> {
            AtomicInteger running = inFlight.computeIfAbsent(item.key(), k -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.computeIfAbsent(item.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(item.seq());
            // Some handlers complete later, on another thread: the next record of the key must still wait.
            Mono<Void> work = item.seq() % 25 == 0 ? Mono.delay(Duration.ofMillis(2)).then() : Mono.empty();
            // Not doFinally: that would run after the bus has seen completion and may have moved on.
            return work.then(Mono.fromRunnable(() -> {
                running.decrementAndGet();
                received.incrementAndGet();
            }));
        });

        // One sequential publisher per key, all keys at once from several threads.
        Flux.range(0, keys)
                .flatMap(k -> Flux.range(0, perKey)
                        .concatMap(i -> bus().publish(topic, "key-" + k, new Item("key-" + k, i)))
                        .subscribeOn(Schedulers.boundedElastic()), keys)
                .blockLast(WAIT);

        await().atMost(WAIT).until(() -> received.get() >= keys * perKey);
        List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
        assertThat(seen).hasSize(keys);
        seen.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key).containsExactlyElementsOf(expected));
        assertThat(overlaps).as("records of one key handled at the same time").hasValue(0);
    }

    /**
     * Many keys in flight at once, handlers completing in any order on other threads, and all publishes
     * subscribed at once ({@code flatMap}): each key's records are still handled one at a time, in the order
     * their publishes were subscribed (the {@link MessageBus} contract a service relies on to publish an
     * outcome's records together).
     */
    @Test
    void keepsEachKeysOrderWithManyKeysInFlightAndPublishesSubscribedAtOnce() {
        int keys = 40;
        int perKey = 25;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        subscribe(topic, "many-keys", Item.class, item -> {
            AtomicInteger running = inFlight.computeIfAbsent(item.key(), k -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.computeIfAbsent(item.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(item.seq());
            // Later records of a key often finish sooner than earlier ones would: order must not depend on it.
            long delayMicros = ((item.seq() * 7L + item.key().hashCode()) & 0x7) * 250;
            return Mono.delay(Duration.ofNanos(delayMicros * 1000)).then(Mono.fromRunnable(() -> {
                running.decrementAndGet();
                received.incrementAndGet();
            }));
        });

        Flux.range(0, keys * perKey)
                .flatMap(i -> bus().publish(topic, "key-" + (i % keys), new Item("key-" + (i % keys), i / keys)),
                        keys * perKey)
                .blockLast(WAIT);

        await().atMost(WAIT).until(() -> received.get() >= keys * perKey);
        List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
        assertThat(seen).hasSize(keys);
        seen.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key).containsExactlyElementsOf(expected));
        assertThat(overlaps).as("records of one key handled at the same time").hasValue(0);
    }

    /** A record whose handler takes long holds up its own partition at most, never another one's records. */
    @Test
    void aSlowRecordHoldsUpNoOtherPartition() {
        String slowKey = "slow";
        String otherKey = keyInPartitionOf(slowKey, "other", false);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> slowStarted = new CompletableFuture<>();
        List<String> done = new CopyOnWriteArrayList<>();
        subscribe(topic, "not-held-up", Item.class, item -> {
            if (!item.key().equals(slowKey)) {
                return Mono.fromRunnable(() -> done.add(item.key()));
            }
            slowStarted.complete(null);
            return Mono.fromFuture(release).then(Mono.fromRunnable(() -> done.add(item.key())));
        });
        try {
            publish(slowKey, new Item(slowKey, 0));
            // Only once the slow record is in its handler: the other one must get past it, not just before it.
            assertThat(slowStarted).succeedsWithin(WAIT);
            publish(otherKey, new Item(otherKey, 0));

            await().atMost(WAIT).untilAsserted(() -> assertThat(done).containsExactly(otherKey));
        } finally {
            release.complete(null);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(done).containsExactly(otherKey, slowKey));
    }

    /** The delay from publish to handler start is measured per topic and group, for the hops of a message. */
    @Test
    void timesTheDelayFromPublishToHandler() {
        AtomicInteger received = new AtomicInteger();
        subscribe(topic, "timed", Item.class, item -> Mono.fromRunnable(received::incrementAndGet));

        for (int i = 0; i < 3; i++) {
            publish("t", new Item("t", i));
        }

        await().atMost(WAIT).until(() -> received.get() == 3);
        await().atMost(WAIT).untilAsserted(() -> {
            Timer timer = meters().find(BusMetrics.CONSUME_DELAY).tag("topic", topic).tag("group", "timed").timer();
            assertThat(timer).isNotNull();
            assertThat(timer.count()).isEqualTo(3);
        });
    }

    /** A record with a large text: a login's user list of a big organisation is several megabytes. */
    public record Bulk(String key, String text) {
    }

    @Test
    void carriesARecordOfSeveralMegabytes() {
        String text = "u".repeat(3 * 1024 * 1024);
        List<Bulk> received = new CopyOnWriteArrayList<>();
        subscribe(topic, "bulk", Bulk.class, bulk -> Mono.fromRunnable(() -> received.add(bulk)));

        publish("big", new Bulk("big", text));

        await().atMost(WAIT).untilAsserted(() -> assertThat(received).hasSize(1));
        assertThat(received.get(0).text()).isEqualTo(text);
    }

    @Test
    void deliversEveryRecordToEachGroup() {
        Set<Item> first = ConcurrentHashMap.newKeySet();
        Set<Item> second = ConcurrentHashMap.newKeySet();
        subscribe(topic, "first", Item.class, item -> Mono.fromRunnable(() -> first.add(item)));
        subscribe(topic, "second", Item.class, item -> Mono.fromRunnable(() -> second.add(item)));

        Set<Item> published = IntStream.range(0, 300).mapToObj(i -> new Item("k" + (i % 13), i))
                .collect(Collectors.toSet());
        Flux.fromIterable(published).flatMap(item -> bus().publish(topic, item.key(), item), 32).blockLast(WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first).isEqualTo(published);
            assertThat(second).isEqualTo(published);
        });
    }

    @Test
    void redeliversARecordWhoseHandlerFailedAndKeepsGoing() {
        List<Integer> processed = new CopyOnWriteArrayList<>();
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        subscribe(topic, "flaky", Item.class, item -> {
            int attempt = attempts.computeIfAbsent(item.seq(), s -> new AtomicInteger()).incrementAndGet();
            if (item.seq() == 3 && attempt == 1) {
                return Mono.error(new IllegalStateException("transient failure"));
            }
            if (item.seq() == 6 && attempt == 1) {
                // Thrown, not returned: must count as a failure all the same.
                throw new IllegalStateException("transient failure, thrown");
            }
            return Mono.fromRunnable(() -> processed.add(item.seq()));
        });

        for (int i = 0; i < 10; i++) {
            publish("one-key", new Item("one-key", i));
        }

        await().atMost(WAIT).until(() -> processed.size() >= 10);
        assertThat(processed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(attempts.get(3)).hasValue(2);
        assertThat(attempts.get(6)).hasValue(2);
        assertThat(attempts.get(4)).hasValue(1);
    }

    @Test
    void deadLettersAnUndecodableRecordAtOnceAndMovesOn() {
        // Retrying would take at least 10 s before the dead letter; "at once" has to beat that by far.
        Duration backoff = Duration.ofSeconds(10);
        MessageBus bus = extraBus(new RetryPolicy(3, backoff));
        List<Integer> processed = new CopyOnWriteArrayList<>();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, "reader", Item.class, item -> Mono.fromRunnable(() -> processed.add(item.seq())));
        bus.subscribe(Topics.deadLetter(topic), "dlt-reader", DeadLetter.class,
                letter -> Mono.fromRunnable(() -> deadLetters.add(letter)));

        bus.publish(topic, "same", new Item("same", 0)).block(WAIT);
        publishUndecodable(bus, topic, "same", "this is {not an item");
        bus.publish(topic, "same", new Item("same", 1)).block(WAIT);

        await().atMost(backoff.dividedBy(2)).untilAsserted(() -> {
            assertThat(processed).containsExactly(0, 1);
            assertThat(deadLetters).hasSize(1);
        });
        DeadLetter letter = deadLetters.get(0);
        assertThat(letter.topic()).isEqualTo(topic);
        assertThat(letter.key()).isEqualTo("same");
        assertThat(letter.group()).isEqualTo("reader");
        assertThat(letter.record()).contains("this is {not an item");
        assertThat(letter.reason()).startsWith("invalid record").contains("Item");
        assertThat(letter.at()).isPositive();
        assertThat(counter(BusMetrics.DEAD_LETTERS, topic)).isEqualTo(1.0);
    }

    @Test
    void deadLettersARecordWhoseHandlerKeepsFailingAfterTheRetries() {
        List<Integer> processed = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        subscribe(topic, "stubborn", Item.class, item -> {
            if (item.seq() == 1) {
                attempts.incrementAndGet();
                return Mono.error(new IllegalStateException("boom " + item.seq()));
            }
            return Mono.fromRunnable(() -> processed.add(item.seq()));
        });
        subscribe(Topics.deadLetter(topic), "dlt-reader", DeadLetter.class,
                letter -> Mono.fromRunnable(() -> deadLetters.add(letter)));

        for (int i = 0; i < 3; i++) {
            publish("same", new Item("same", i));
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(processed).containsExactly(0, 2);
            assertThat(deadLetters).hasSize(1);
        });
        assertThat(attempts).hasValue(TEST_RETRY.maxAttempts());
        DeadLetter letter = deadLetters.get(0);
        assertThat(letter.group()).isEqualTo("stubborn");
        assertThat(letter.key()).isEqualTo("same");
        assertThat(letter.reason()).isEqualTo("failed after 4 attempts: IllegalStateException: boom 1");
        assertThat(ProtocolJson.read(letter.record(), Item.class)).isEqualTo(new Item("same", 1));
    }

    /**
     * A store that cannot be reached is waited out, however long it takes: the record is neither dead-lettered
     * nor skipped (the chaos run lost accepted messages when such records went to the dead-letter topic).
     */
    @Test
    void retriesARecordWhileItsStoreIsUnreachableInsteadOfDeadLetteringIt() {
        int outage = TEST_RETRY.maxAttempts() + 3; // more failures than the retries allow a failing handler
        List<Integer> processed = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        subscribe(topic, "patient", Item.class, item -> {
            if (item.seq() == 1 && attempts.incrementAndGet() <= outage) {
                return Mono.error(new org.springframework.dao.DataAccessResourceFailureException(
                        "Failed to obtain R2DBC Connection",
                        new java.net.ConnectException("Connection refused")));
            }
            return Mono.fromRunnable(() -> processed.add(item.seq()));
        });
        subscribe(Topics.deadLetter(topic), "dlt-reader", DeadLetter.class,
                letter -> Mono.fromRunnable(() -> deadLetters.add(letter)));

        for (int i = 0; i < 3; i++) {
            publish("same", new Item("same", i));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(processed).containsExactly(0, 1, 2));
        assertThat(attempts).hasValue(outage + 1);
        assertThat(deadLetters).isEmpty();
        assertThat(counter(BusMetrics.DEAD_LETTERS, topic)).isEqualTo(0.0);
    }

    @Test
    void deadLettersAtTheFirstFailureWhenRetriesAreOff() {
        MessageBus bus = extraBus(new RetryPolicy(0, Duration.ofMillis(20)));
        AtomicInteger attempts = new AtomicInteger();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        bus.subscribe(topic, "impatient", Item.class, item -> {
            attempts.incrementAndGet();
            return Mono.error(new IllegalStateException("no"));
        });
        bus.subscribe(Topics.deadLetter(topic), "dlt-reader", DeadLetter.class,
                letter -> Mono.fromRunnable(() -> deadLetters.add(letter)));

        bus.publish(topic, "k", new Item("k", 0)).block(WAIT);

        await().atMost(WAIT).until(() -> deadLetters.size() == 1);
        assertThat(attempts).hasValue(1);
        assertThat(deadLetters.get(0).reason()).isEqualTo("failed after 1 attempt: IllegalStateException: no");
    }

    @Test
    void stopsDeliveringWhenTheSubscriptionIsClosed() {
        List<Integer> processed = new CopyOnWriteArrayList<>();
        BusSubscription subscription = subscribe(topic, "leaving", Item.class,
                item -> Mono.fromRunnable(() -> processed.add(item.seq())));
        publish("k", new Item("k", 0));
        await().atMost(WAIT).until(() -> processed.size() == 1);

        subscription.close();
        for (int i = 1; i <= 5; i++) {
            publish("k" + i, new Item("k" + i, i));
        }

        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> processed.size() == 1);
        assertThat(processed).containsExactly(0);
    }

    @Test
    void deliversWhatWasPublishedBeforeTheFirstSubscription() {
        for (int i = 0; i < 5; i++) {
            publish("early", new Item("early", i));
        }
        List<Integer> processed = new CopyOnWriteArrayList<>();
        subscribe(topic, "late", Item.class, item -> Mono.fromRunnable(() -> processed.add(item.seq())));

        await().atMost(WAIT).untilAsserted(() -> assertThat(processed).containsExactly(0, 1, 2, 3, 4));
    }

    @Test
    void givesTheHandlerTheSubscribedTypeIgnoringUnknownFields() {
        List<Item> processed = new CopyOnWriteArrayList<>();
        subscribe(topic, "typed", Item.class, item -> Mono.fromRunnable(() -> processed.add(item)));

        publish("m", Map.of("key", "m", "seq", 7, "addedInVersion2", true));

        await().atMost(WAIT).untilAsserted(() -> assertThat(processed).containsExactly(new Item("m", 7)));
        assertThat(counter(BusMetrics.PUBLISHED, topic)).isEqualTo(1.0);
        assertThat(counter(BusMetrics.CONSUMED, topic)).isEqualTo(1.0);
    }

    protected double counter(String name, String topic) {
        Counter counter = meters().find(name).tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }
    /**
     * The consumer lag gauge of a group counts the records it has not handled yet (queued, fetched or
     * running) and goes back to 0 once they are done; the group's dead letter counter exists at 0 before
     * any dead letter, so an alert on its increase sees the first one.
     */
    @Test
    void consumerLagCountsRecordsNotHandledYetAndDeadLettersStartAtZero() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger handled = new AtomicInteger();
        subscribe(topic, "lagging", Item.class,
                item -> Mono.fromFuture(release).then(Mono.fromRunnable(handled::incrementAndGet)));
        for (int i = 0; i < 5; i++) {
            publish("lag-key", new Item("lag-key", i));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(lag("lagging")).isEqualTo(5.0));
        Counter deadLetters = meters().find(BusMetrics.DEAD_LETTERS).tag("topic", topic).tag("group", "lagging")
                .counter();
        assertThat(deadLetters).as("dead letter counter of the group, before any dead letter").isNotNull();
        assertThat(deadLetters.count()).isZero();

        release.complete(null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(handled).hasValue(5);
            assertThat(lag("lagging")).isZero();
        });
    }

    private double lag(String group) {
        io.micrometer.core.instrument.Gauge gauge = meters().find("xuanxuan.bus.consumer.lag").tag("topic", topic)
                .tag("group", group).gauge();
        assertThat(gauge).as("consumer lag gauge of " + group + " on " + topic).isNotNull();
        return gauge.value();
    }
}
