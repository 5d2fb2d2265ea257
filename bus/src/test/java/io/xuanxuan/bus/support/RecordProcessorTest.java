package io.xuanxuan.bus.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The per-record processing both adapters share, where the contract suite cannot reach: a dead letter that
 * cannot be published must not let the record count as done (it would be committed and lost).
 */
class RecordProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RetryPolicy NO_RETRIES = new RetryPolicy(0, Duration.ofMillis(1));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<DeadLetter> published = new CopyOnWriteArrayList<>();

    private RecordProcessor<String> processor(RecordProcessor.DeadLetterPublisher deadLetters) {
        return new RecordProcessor<>("t", "g", record -> (String) record, String::valueOf,
                value -> Mono.error(new IllegalStateException("no " + value)), NO_RETRIES, Duration.ofSeconds(5),
                Schedulers.parallel(), deadLetters, BusMetrics.of(meters), closed::get);
    }

    @Test
    void triesTheDeadLetterAgainUntilItIsPublishedBeforeTheRecordCountsAsDone() {
        AtomicInteger attempts = new AtomicInteger();
        RecordProcessor<String> processor = processor((topic, key, letter) -> Mono.defer(() -> {
            if (attempts.incrementAndGet() <= 2) {
                return Mono.error(new IllegalStateException("broker unreachable"));
            }
            published.add(letter);
            return Mono.empty();
        }));

        Boolean done = processor.process("k", "payload", System.currentTimeMillis()).block(WAIT);

        assertThat(done).isTrue();
        assertThat(attempts).hasValue(3);
        assertThat(published).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("t");
            assertThat(letter.record()).isEqualTo("payload");
            assertThat(letter.reason()).isEqualTo("failed after 1 attempt: IllegalStateException: no payload");
        });
    }

    @Test
    void leavesTheRecordUndoneWhenClosingBeforeItsDeadLetterIsPublished() {
        AtomicInteger attempts = new AtomicInteger();
        RecordProcessor<String> processor = processor((topic, key, letter) -> Mono.defer(() -> {
            if (attempts.incrementAndGet() == 2) {
                closed.set(true);
            }
            return Mono.error(new IllegalStateException("broker unreachable"));
        }));

        Boolean done = processor.process("k", "payload", System.currentTimeMillis()).block(WAIT);

        assertThat(done).as("done (so committed) without its dead letter").isFalse();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void deadLettersAnUndecodableRecordAtOnceAndTimesItsDelay() {
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        RecordProcessor<String> processor = new RecordProcessor<>("t", "g",
                record -> {
                    throw new ProtocolJson.InvalidRecordException("not a valid String", null);
                }, String::valueOf, value -> Mono.empty(), new RetryPolicy(3, Duration.ofSeconds(10)),
                Duration.ofSeconds(5), Schedulers.parallel(),
                (topic, key, letter) -> Mono.fromRunnable(() -> letters.add(letter)), BusMetrics.of(meters),
                closed::get);

        Boolean done = processor.process("k", "{bad", System.currentTimeMillis() - 1000).block(WAIT);

        assertThat(done).isTrue();
        assertThat(letters).singleElement().satisfies(letter ->
                assertThat(letter.reason()).startsWith("invalid record"));
        Timer delay = meters.find(BusMetrics.CONSUME_DELAY).tag("topic", "t").tag("group", "g").timer();
        assertThat(delay).isNotNull();
        assertThat(delay.count()).isEqualTo(1);
        assertThat(delay.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);
    }
}
