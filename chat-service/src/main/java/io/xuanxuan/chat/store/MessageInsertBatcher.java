package io.xuanxuan.chat.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.model.objects.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes the messages that are sent at the same time with as few statements as they allow: while
 * {@code maxInFlight} inserts are running, new messages wait, and the next free slot writes everything that
 * waited (up to {@code maxRows}) as one multi-row INSERT. A message that finds a free slot is written at
 * once, so a quiet server adds no delay; a busy one (many chats' messages handled concurrently, as the bus
 * hands out a poll's records) writes a poll's worth of messages in a few statements instead of one each.
 *
 * <p>Only for inserts outside a transaction: the batch runs on its own connection, not the caller's.
 * Each caller gets exactly what {@link MessageStore#insert} would have given it: when a multi-row insert
 * fails (a re-sent gid, a stale seq), nothing of it was stored and its rows are written again one by one,
 * so the duplicate-key and seq-conflict answers reach only the messages they concern.
 */
public class MessageInsertBatcher {

    private record Waiting(Message message, long seq, MonoSink<StoredMessage> sink) {
    }

    private final MessageStore messages;
    private final int maxRows;
    private final int maxInFlight;
    private final DistributionSummary rowsPerStatement;
    private final Object lock = new Object();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    public MessageInsertBatcher(MessageStore messages, int maxRows, int maxInFlight, MeterRegistry meters) {
        if (maxRows < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxRows and maxInFlight must be at least 1");
        }
        this.messages = messages;
        this.maxRows = maxRows;
        this.maxInFlight = maxInFlight;
        this.rowsPerStatement = DistributionSummary.builder("xuanxuan.chat.message.insert.rows")
                .description("Messages written by one INSERT statement of concurrently sent messages")
                .register(meters);
    }

    /** Like {@link MessageStore#insert}, written together with the messages sent at the same time. */
    public Mono<StoredMessage> insert(Message message, long seq) {
        return Mono.create(sink -> {
            synchronized (lock) {
                waiting.add(new Waiting(message, seq, sink));
            }
            startWrites();
        });
    }

    /** Starts a write in every free slot, each with what waits (taken under the lock, written outside it). */
    private void startWrites() {
        List<List<Waiting>> batches = new ArrayList<>(1);
        synchronized (lock) {
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                List<Waiting> batch = new ArrayList<>(Math.min(maxRows, waiting.size()));
                while (batch.size() < maxRows && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                inFlight++;
                batches.add(batch);
            }
        }
        for (List<Waiting> batch : batches) {
            write(batch).doFinally(signal -> {
                synchronized (lock) {
                    inFlight--;
                }
                startWrites();
            }).subscribe();
        }
    }

    /** Answers every waiting caller of the batch; completes (never errors) when all are answered. */
    private Mono<Void> write(List<Waiting> batch) {
        rowsPerStatement.record(batch.size());
        if (batch.size() == 1) {
            return writeOne(batch.get(0));
        }
        List<MessageStore.NewRow> rows = batch.stream().map(w -> new MessageStore.NewRow(w.message(), w.seq())).toList();
        // deferred: an error while building the statement must answer the callers and free the slot too
        return Mono.defer(() -> messages.insertAll(rows))
                .doOnNext(stored -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).sink().success(stored.get(i));
                    }
                })
                .then()
                // the statement stored nothing: each row on its own finds its own answer
                .onErrorResume(e -> Flux.fromIterable(batch).flatMap(this::writeOne).then());
    }

    private Mono<Void> writeOne(Waiting one) {
        return Mono.defer(() -> messages.insert(one.message(), one.seq()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the insert of message " + one.message().gid()
                        + " answered nothing")))
                .doOnNext(one.sink()::success)
                .doOnError(one.sink()::error)
                .then()
                .onErrorResume(e -> Mono.empty());
    }
}
