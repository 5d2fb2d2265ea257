package io.xuanxuan.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.bus.BusContractTest;
import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The contract against a real (in-process, KRaft) broker, started once for the class. */
class KafkaBusContractTest extends BusContractTest {

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaBus bus;
    private static KafkaProducer<String, String> rawProducer;
    private static final int PARTITIONS = 8;
    private final List<KafkaBus> ownBuses = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        bus = new KafkaBus(KafkaBusSettings.of(broker.getBrokersAsString()).withRetry(TEST_RETRY),
                BusMetrics.of(meters));
        rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (rawProducer != null) {
            rawProducer.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (broker != null) {
            broker.destroy();
        }
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
        return new KafkaBus(KafkaBusSettings.of(broker.getBrokersAsString()).withRetry(retry), BusMetrics.of(meters));
    }

    @Override
    protected int partitionOf(String key) {
        // What the producer's default partitioner does with a keyed record.
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** A bus of its own with the given handler timeout and commit interval, closed after the test. */
    private MessageBus kafkaBus(Duration handlerTimeout, Duration commitInterval) {
        KafkaBusSettings settings = KafkaBusSettings.of(broker.getBrokersAsString()).withRetry(TEST_RETRY)
                .withHandlerTimeout(handlerTimeout).withCommitInterval(commitInterval);
        KafkaBus own = new KafkaBus(settings, BusMetrics.of(meters));
        ownBuses.add(own);
        return own;
    }

    @AfterEach
    void closeOwnBuses() {
        ownBuses.forEach(KafkaBus::close);
        ownBuses.clear();
    }

    /**
     * One poll often brings records of several keys of one partition: a record that takes long must not hold
     * up the others (only its own key's later records wait for it).
     */
    /**
     * The topic a bus creates carries the configured replication factor and topic configuration
     * (xuanxuan.bus.kafka.replication-factor, min-insync-replicas), and a factor the cluster cannot meet fails
     * with the topic's name rather than waiting.
     */
    @Test
    void createsTopicsWithTheConfiguredReplicationAndMinInsyncReplicas() throws Exception {
        Map<String, Object> admin = Map.of("bootstrap.servers", broker.getBrokersAsString());
        String topic = "xx.test.provisioned." + System.nanoTime();
        try (TopicProvisioner provisioner = new TopicProvisioner(admin, 3, (short) 1,
                Map.of("min.insync.replicas", "2"));
             org.apache.kafka.clients.admin.Admin client = org.apache.kafka.clients.admin.Admin.create(admin)) {
            provisioner.ensure(topic);
            var description = client.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            var config = client.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(config.get("max.message.bytes").value()).isEqualTo(String.valueOf(KafkaBus.MAX_RECORD_BYTES));
        }
        try (TopicProvisioner tooMany = new TopicProvisioner(admin, 1, (short) 3)) {
            String unmet = "xx.test.unmet." + System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tooMany.ensure(unmet))
                    .isInstanceOf(org.apache.kafka.common.KafkaException.class)
                    .hasMessageContaining(unmet)
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.InvalidReplicationFactorException.class);
        }
    }

    @Test
    void doesNotBlockAPartitionsOtherKeysWithinAPoll() {
        String slowKey = "slow";
        String samePartitionKey = keyInPartitionOf(slowKey, "neighbour", true);
        CompletableFuture<Void> release = new CompletableFuture<>();
        List<String> done = new CopyOnWriteArrayList<>();
        // Published before the group starts, so its first poll brings all three (one partition, one fetch).
        publish(slowKey, new Item(slowKey, 0));
        publish(samePartitionKey, new Item(samePartitionKey, 0));
        publish(slowKey, new Item(slowKey, 1));
        try {
            subscribe(topic(), "neighbours", Item.class, item -> {
                Mono<Void> work = item.key().equals(slowKey) ? Mono.fromFuture(release) : Mono.empty();
                return work.then(Mono.fromRunnable(() -> done.add(item.key() + "#" + item.seq())));
            });

            await().atMost(WAIT).untilAsserted(() -> assertThat(done).containsExactly(samePartitionKey + "#0"));
        } finally {
            release.complete(null);
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(done).containsExactly(samePartitionKey + "#0", slowKey + "#0", slowKey + "#1"));
    }

    /**
     * Records of a later poll are not held up by an earlier record of another key of their partition (the
     * partition is not paused while it runs: a resumed partition waited up to fetch.max.wait.ms, 500 ms, for
     * the consumer's next fetch), while a key's later records still wait for its earlier ones.
     */
    @Test
    void handlesALaterPollsRecordsWhileAnotherKeyOfThePartitionIsInFlight() {
        String slowKey = "slow-later";
        String samePartitionKey = keyInPartitionOf(slowKey, "later-neighbour", true);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> slowStarted = new CompletableFuture<>();
        List<String> started = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        try {
            subscribe(topic(), "later-polls", Item.class, item -> {
                started.add(item.key() + "#" + item.seq());
                Mono<Void> work = Mono.empty();
                if (item.key().equals(slowKey) && item.seq() == 0) {
                    slowStarted.complete(null);
                    work = Mono.fromFuture(release);
                }
                return work.then(Mono.fromRunnable(() -> done.add(item.key() + "#" + item.seq())));
            });
            publish(slowKey, new Item(slowKey, 0));
            await().atMost(WAIT).until(slowStarted::isDone);
            // published while slow#0 runs: polls of their own
            publish(slowKey, new Item(slowKey, 1));
            publish(samePartitionKey, new Item(samePartitionKey, 0));

            await().atMost(WAIT).untilAsserted(() -> assertThat(done).containsExactly(samePartitionKey + "#0"));
            assertThat(started).doesNotContain(slowKey + "#1");
        } finally {
            release.complete(null);
        }
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(done).containsExactly(samePartitionKey + "#0", slowKey + "#0", slowKey + "#1"));
    }

    /**
     * A record is committed only once its handler completed, even when a later record of its partition is
     * done: a subscription closed while the handler is held gets it again when the group comes back.
     */
    @Test
    void doesNotCommitARecordBeforeItsHandlerCompletes() {
        MessageBus own = kafkaBus(Duration.ofSeconds(2), Duration.ZERO);
        String heldKey = "held";
        String laterKey = keyInPartitionOf(heldKey, "later", true);
        List<String> firstRun = new CopyOnWriteArrayList<>();
        BusSubscription first = own.subscribe(topic(), "committer", Item.class, item -> {
            firstRun.add(item.key());
            return item.key().equals(heldKey) ? Mono.never() : Mono.empty();
        });
        own.publish(topic(), heldKey, new Item(heldKey, 0)).block(WAIT);
        own.publish(topic(), laterKey, new Item(laterKey, 1)).block(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(firstRun).contains(heldKey, laterKey));
        first.close();

        List<String> secondRun = new CopyOnWriteArrayList<>();
        BusSubscription second = own.subscribe(topic(), "committer", Item.class,
                item -> Mono.fromRunnable(() -> secondRun.add(item.key())));
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(secondRun).contains(heldKey));
        } finally {
            second.close();
        }
    }

    /**
     * Offsets are committed at most once per commit interval, not once per record: records arriving one by
     * one (each its own poll) are committed together.
     */
    @Test
    void commitsOncePerIntervalNotPerRecord() {
        Duration interval = Duration.ofSeconds(1);
        MessageBus own = kafkaBus(Duration.ofSeconds(10), interval);
        AtomicInteger received = new AtomicInteger();
        long start = System.nanoTime();
        BusSubscription subscription = own.subscribe(topic(), "sparing", Item.class,
                item -> Mono.fromRunnable(received::incrementAndGet));
        int records = 60;
        for (int i = 0; i < records; i++) {
            // One at a time, each handled before the next is published: every record is a poll of its own,
            // so committing per poll (or per record) would commit 60 times.
            own.publish(topic(), "k" + i, new Item("k" + i, i)).block(WAIT);
            int handledSoFar = i + 1;
            await().pollInterval(Duration.ofMillis(5)).atMost(WAIT).until(() -> received.get() == handledSoFar);
        }
        // The last completed offsets are committed within an interval (asynchronously).
        await().atMost(WAIT).untilAsserted(() -> assertThat(commits("sparing")).isPositive());
        double commitsSoFar = commits("sparing");
        long intervals = Duration.ofNanos(System.nanoTime() - start).dividedBy(interval) + 1;
        assertThat(commitsSoFar).as("commits in %s intervals of %s for %s records", intervals, interval, records)
                .isLessThanOrEqualTo(intervals);
        subscription.close();
    }

    /**
     * A second consumer joining the group takes partitions away while records are in flight: what was not done
     * by then is not committed, so every record is still handled (at least once), by one consumer or the other.
     */
    @Test
    void losesNoRecordWhenTheGroupRebalancesWhileRecordsAreInFlight() {
        Set<Item> handled = ConcurrentHashMap.newKeySet();
        RecordHandler<Item> handler =
                item -> Mono.delay(Duration.ofMillis(2)).then(Mono.fromRunnable(() -> handled.add(item)));
        MessageBus other = kafkaBus(Duration.ofSeconds(10), Duration.ofMillis(200));
        subscribe(topic(), "rebalanced", Item.class, handler);
        List<Item> published = IntStream.range(0, 600).mapToObj(i -> new Item("k" + (i % 30), i)).toList();

        Flux.fromIterable(published.subList(0, 300)).flatMap(item -> bus().publish(topic(), item.key(), item))
                .blockLast(WAIT);
        await().atMost(WAIT).until(() -> handled.size() >= 50);
        BusSubscription joining = other.subscribe(topic(), "rebalanced", Item.class, handler);
        try {
            Flux.fromIterable(published.subList(300, 600)).flatMap(item -> bus().publish(topic(), item.key(), item))
                    .blockLast(WAIT);

            await().atMost(WAIT).untilAsserted(() -> assertThat(handled).containsAll(published));
        } finally {
            joining.close();
        }
    }

    private double commits(String group) {
        Counter counter = meters.find(BusMetrics.COMMITS).tag("group", group).counter();
        return counter == null ? 0 : counter.count();
    }

    // Straight to the broker: the bus itself would encode the text as a JSON string.
    @Override
    protected void publishUndecodable(MessageBus bus, String topic, String key, String text) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, text)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
