package io.xuanxuan.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Messages sent while an insert runs are written together, and every sender still gets its own answer:
 * its stored message with the id the database gave it, or its own duplicate-key or seq-conflict error.
 * On H2 (standalone) and MariaDB (distributed).
 */
class MessageInsertBatcherTest {

    /** A store whose first insert waits until the test lets it go, so that the others queue behind it. */
    private static final class GatedStore extends MessageStore {
        final Sinks.Empty<Void> gate = Sinks.empty();
        final AtomicBoolean first = new AtomicBoolean(true);

        GatedStore(Engine engine) {
            super(TestDatabases.create(engine, "chat"));
        }

        @Override
        public Mono<StoredMessage> insert(Message message, long seq) {
            Mono<StoredMessage> insert = super.insert(message, seq);
            return first.getAndSet(false) ? gate.asMono().then(insert) : insert;
        }
    }

    private static Message message(String gid, String cgid) {
        return new Message(0, gid, cgid, 7, 100, "normal", "text", "text of " + gid);
    }

    /** Subscribes to every insert at once; answers each one's outcome (the stored message or its error). */
    private static List<Mono<Object>> startAll(MessageInsertBatcher batcher, List<Message> messages, List<Long> seqs) {
        List<Mono<Object>> answers = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            answers.add(batcher.insert(messages.get(i), seqs.get(i))
                    .<Object>map(stored -> stored)
                    .onErrorResume(Mono::just)
                    .cache());
        }
        answers.forEach(Mono::subscribe);
        return answers;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void messagesThatWaitedAreWrittenAsOneStatementWithTheirOwnIds(Engine engine) {
        GatedStore store = new GatedStore(engine);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MessageInsertBatcher batcher = new MessageInsertBatcher(store, 100, 1, meters);
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(message("m-" + i, "chat-" + i));
        }
        List<Mono<Object>> answers = startAll(batcher, sent, sent.stream().map(m -> 1L).toList());
        store.gate.tryEmitEmpty();

        for (int i = 0; i < sent.size(); i++) {
            StoredMessage answer = (StoredMessage) answers.get(i).block(Duration.ofSeconds(10));
            StoredMessage read = store.findByGid("m-" + i).block();
            assertThat(answer).as("message %d as answered and as stored", i).isEqualTo(read);
            assertThat(answer.message().content()).isEqualTo("text of m-" + i);
            assertThat(answer.seq()).isEqualTo(1);
        }
        DistributionSummary rows = meters.get("xuanxuan.chat.message.insert.rows").summary();
        assertThat(rows.count()).as("statements: the first alone, the 49 that waited as one").isEqualTo(2);
        assertThat(rows.max()).isEqualTo(49);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBatchWithATakenGidOrSeqAnswersEachMessageAsAnInsertOfItsOwn(Engine engine) {
        GatedStore store = new GatedStore(engine);
        MessageInsertBatcher batcher = new MessageInsertBatcher(store, 100, 1, new SimpleMeterRegistry());
        store.first.set(false);
        StoredMessage existing = store.insert(message("taken", "c-1"), 1).block();
        store.first.set(true);

        List<Mono<Object>> answers = startAll(batcher,
                List.of(message("gate", "c-0"), message("new-a", "c-2"), message("taken", "c-1"),
                        message("stale-seq", "c-1"), message("new-b", "c-3")),
                List.of(1L, 1L, 2L, 1L, 1L));
        store.gate.tryEmitEmpty();

        assertThat(answers.get(0).block(Duration.ofSeconds(10))).isInstanceOf(StoredMessage.class);
        assertThat(answers.get(1).block(Duration.ofSeconds(10))).isEqualTo(store.findByGid("new-a").block());
        assertThat((Throwable) answers.get(2).block(Duration.ofSeconds(10)))
                .matches(DuplicateKeys::isDuplicateKey, "a duplicate-key error");
        assertThat(answers.get(3).block(Duration.ofSeconds(10))).isInstanceOf(SeqConflictException.class);
        assertThat(answers.get(4).block(Duration.ofSeconds(10))).isEqualTo(store.findByGid("new-b").block());
        assertThat(store.findByGid("taken").block()).as("the stored one is untouched").isEqualTo(existing);
        assertThat(store.findByGid("stale-seq").blockOptional()).isEmpty();
        assertThat(Flux.just("c-0", "c-1", "c-2", "c-3").flatMap(cgid -> store.count(cgid, 0)).reduce(0L, Long::sum).block())
                .isEqualTo(4);
    }
}
