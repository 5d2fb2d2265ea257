package io.xuanxuan.chat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.chat.store.StoredMessage;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The numbering of a chat's messages, against the real table (its unique (cgid, seq) key) on both engines. */
class SeqAllocatorTest {

    private static Message message(String cgid) {
        return new Message(0, UUID.randomUUID().toString(), cgid, 7, 100, "normal", "text", "hi");
    }

    /** Stores one message with the chat's next seq, as the message handler does. */
    private static Mono<StoredMessage> storeOne(SeqAllocator seqs, MessageStore messages, String cgid) {
        return seqs.withSeqs(cgid, run -> messages.insert(message(cgid), run.candidate())
                .doOnNext(stored -> run.stored(stored.seq())));
    }

    private static List<Long> seqsOf(DatabaseClient db, String cgid) {
        return db.sql("SELECT seq FROM chat_message WHERE cgid = :cgid ORDER BY id").bind("cgid", cgid)
                .map(row -> row.get("seq", Long.class)).all().collectList().block();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void seqsAreStrictlyIncreasingAndDensePerChatAlsoForSeveralMessagesInOneTransaction(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        MessageStore messages = new MessageStore(db);
        ChatTransactions transactions = new ChatTransactions(TransactionalOperator.create(
                new R2dbcTransactionManager(db.getConnectionFactory())));
        SeqAllocator seqs = new SeqAllocator(messages, 10);
        for (int i = 0; i < 5; i++) {
            storeOne(seqs, messages, "a").block();
            storeOne(seqs, messages, "b").block();
        }
        // a request of three messages: consecutive seqs in its transaction
        List<StoredMessage> three = seqs.withSeqs("a", run -> transactions.run(Flux.range(0, 3)
                .concatMap(i -> messages.insert(message("a"), run.candidate())
                        .doOnNext(stored -> run.stored(stored.seq())))
                .collectList())).block();
        assertThat(three).extracting(StoredMessage::seq).containsExactly(6L, 7L, 8L);
        storeOne(seqs, messages, "a").block();

        assertThat(seqsOf(db, "a")).containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed().toList());
        assertThat(seqsOf(db, "b")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSeqTakenBehindItsBackIsReloadedAndTheInsertRetried(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        MessageStore messages = new MessageStore(db);
        // two instances: the chat's partition moved from "before" to "after" and back
        SeqAllocator before = new SeqAllocator(messages, 10);
        SeqAllocator after = new SeqAllocator(messages, 10);
        storeOne(before, messages, "c").block();
        storeOne(before, messages, "c").block();
        storeOne(after, messages, "c").block();
        storeOne(after, messages, "c").block();

        // "before" still believes the last seq is 2: its insert of 3 conflicts, it reads MAX(seq) = 4, stores 5
        assertThat(storeOne(before, messages, "c").block().seq()).isEqualTo(5);
        assertThat(storeOne(before, messages, "c").block().seq()).as("and goes on from there").isEqualTo(6);
        assertThat(seqsOf(db, "c")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failedWorkUsesUpNoNumber(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        MessageStore messages = new MessageStore(db);
        ChatTransactions transactions = new ChatTransactions(TransactionalOperator.create(
                new R2dbcTransactionManager(db.getConnectionFactory())));
        SeqAllocator seqs = new SeqAllocator(messages, 10);
        storeOne(seqs, messages, "d").block();

        // two inserts, then a failure: the transaction rolls back, and so must the numbering
        List<Long> tried = new ArrayList<>();
        assertThatThrownBy(() -> seqs.withSeqs("d", run -> transactions.run(Flux.range(0, 2)
                        .concatMap(i -> messages.insert(message("d"), run.candidate())
                                .doOnNext(stored -> {
                                    tried.add(stored.seq());
                                    run.stored(stored.seq());
                                }))
                        .then(Mono.error(new IllegalStateException("the touch failed")))))
                .block()).hasMessageContaining("the touch failed");
        assertThat(tried).containsExactly(2L, 3L);

        // a re-sent gid: the insert fails on the gid, no number is taken
        Message known = messages.findByGid(seqsOfGid(db, "d")).block().message();
        seqs.withSeqs("d", run -> messages.insertIfAbsent(known, run.candidate())
                .doOnNext(stored -> run.stored(stored.seq()))).block();

        assertThat(storeOne(seqs, messages, "d").block().seq()).isEqualTo(2);
        assertThat(seqsOf(db, "d")).containsExactly(1L, 2L);
    }

    private static String seqsOfGid(DatabaseClient db, String cgid) {
        return db.sql("SELECT gid FROM chat_message WHERE cgid = :cgid AND seq = 1").bind("cgid", cgid)
                .map(row -> row.get("gid", String.class)).one().block();
    }
}
