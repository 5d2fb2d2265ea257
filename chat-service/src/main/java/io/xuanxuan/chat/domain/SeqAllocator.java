package io.xuanxuan.chat.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.chat.store.SeqConflictException;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Gives a chat's new messages their {@code seq}: strictly increasing, and without gaps as long as every
 * insert succeeds. Runs where the chat's commands run (its partition), so one instance numbers one chat
 * at a time; it keeps the last seq of the busy chats in memory (bounded) and reads {@code MAX(seq)} for
 * a chat it does not know.
 *
 * <p>The memory is advanced only once the work that used the numbers succeeded (a failed or rolled-back
 * insert leaves it where it was, so no number is skipped for it). If the memory is stale (the partition
 * moved from another instance, which numbered meanwhile) the insert hits the unique (cgid, seq) key: the
 * chat is forgotten, {@code MAX(seq)} read again and the work retried.
 */
public class SeqAllocator {

    private static final Logger log = LoggerFactory.getLogger(SeqAllocator.class);

    /** Conflicts in a row before the request fails: each retry reads the database's own maximum. */
    static final int MAX_RETRIES = 3;

    /**
     * The seqs one piece of work takes, consecutive from the chat's last one. A number counts as taken
     * only once a message was stored with it ({@link #stored}), so an insert that failed (a re-sent gid
     * found by its key) leaves no gap.
     */
    public static final class Run {
        private final long first;
        private long next;

        Run(long last) {
            this.first = last + 1;
            this.next = last + 1;
        }

        /** The seq the next new message of the chat gets. */
        public long candidate() {
            return next;
        }

        /** A message is stored with {@code seq}: the next one gets a higher number (an older seq changes nothing). */
        public void stored(long seq) {
            if (seq >= next) {
                next = seq + 1;
            }
        }

        boolean used() {
            return next > first;
        }

        long highest() {
            return next - 1;
        }
    }

    private final MessageStore messages;
    private final Cache<String, Long> last;

    public SeqAllocator(MessageStore messages, long maxChats) {
        this.messages = messages;
        // idle chats leave: their next message reads MAX(seq), one indexed lookup
        this.last = Caffeine.newBuilder().maximumSize(maxChats).expireAfterAccess(Duration.ofHours(1)).build();
    }

    /**
     * Runs {@code work} with the chat's next numbers. When it succeeds, the chat's last seq becomes the
     * highest it took; when it fails with a {@link SeqConflictException}, it is run again from the
     * database's maximum (its effects must roll back with the failure: one insert, or a transaction).
     */
    public <T> Mono<T> withSeqs(String cgid, Function<Run, Mono<T>> work) {
        return Mono.defer(() -> lastSeq(cgid).flatMap(lastSeq -> {
                    Run run = new Run(lastSeq);
                    return work.apply(run).doOnSuccess(result -> {
                        if (run.used()) {
                            last.asMap().merge(cgid, run.highest(), Math::max);
                        }
                    });
                }))
                .retryWhen(Retry.max(MAX_RETRIES)
                        .filter(SeqConflictException.class::isInstance)
                        .doBeforeRetry(signal -> {
                            log.info("chat {}: {}; reading its last seq again", cgid, signal.failure().getMessage());
                            last.invalidate(cgid);
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** The chat's last seq as known here, else its {@code MAX(seq)}. */
    Mono<Long> lastSeq(String cgid) {
        Long known = last.getIfPresent(cgid);
        return known != null ? Mono.just(known) : messages.maxSeq(cgid);
    }
}
