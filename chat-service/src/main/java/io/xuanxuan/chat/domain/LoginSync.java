package io.xuanxuan.chat.domain;

import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.CursorStore.SyncRow;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection's login sync (DESIGN.md section 4): every message of the user's chats above the user's
 * cursor of each, in pages of one query each (keyset: chat, seq), each page one delivery to the
 * connection with one {@code message} packet per chat and its {@link MessageMark}; the last delivery is
 * marked {@code syncEnd} (with no packets if there was nothing). The gateway holds the connection's live
 * message pushes until then, so a live push never overtakes its chat's sync.
 *
 * <p>Reading the table the messages were committed to is what makes this complete: a message stored
 * before this read is in it, one stored after was published live to the (already bound) connection.
 */
public class LoginSync {

    /**
     * Content characters per delivery, above which a page is split: a page of long messages stays well
     * below the bus's record limit (16 MB on Kafka; a character is at most 6 bytes of JSON).
     */
    static final long MAX_DELIVERY_CHARS = 1_000_000;

    private final CursorStore cursors;
    private final int pageSize;
    private final Duration maxAge;
    private final Clock clock;

    public LoginSync(CursorStore cursors, int pageSize, Duration maxAge, Clock clock) {
        this.cursors = cursors;
        this.pageSize = pageSize;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Reads the sync page by page and hands each delivery to {@code publish}, in order, before the next read. */
    public Mono<Void> run(SyncRequest request, Function<Delivery, Mono<Void>> publish) {
        long since = clock.instant().minus(maxAge).getEpochSecond();
        return page(request, since, "", 0, publish);
    }

    private Mono<Void> page(SyncRequest request, long since, String afterCgid, long afterSeq,
                            Function<Delivery, Mono<Void>> publish) {
        return cursors.syncPage(request.userId(), since, afterCgid, afterSeq, pageSize).collectList()
                .flatMap(rows -> {
                    boolean last = rows.size() < pageSize;
                    Mono<Void> sent = Flux.fromIterable(deliveries(request.connectionId(), rows, last))
                            .concatMap(publish).then();
                    if (last) {
                        return sent;
                    }
                    SyncRow tail = rows.get(rows.size() - 1);
                    return sent.then(Mono.defer(() -> page(request, since, tail.cgid(), tail.seq(), publish)));
                });
    }

    /**
     * One page's deliveries: usually one, with a packet per chat; more only where the content exceeds
     * {@link #MAX_DELIVERY_CHARS}. {@code end} marks the last (an empty one if the page is empty).
     */
    static List<Delivery> deliveries(String connectionId, List<SyncRow> rows, boolean end) {
        List<Delivery> deliveries = new ArrayList<>();
        List<PushPacket> packets = new ArrayList<>();
        List<MessageMark> marks = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        String cgid = null;
        long chars = 0;
        for (SyncRow row : rows) {
            long size = row.stored().message().content().length();
            boolean full = chars > 0 && chars + size > MAX_DELIVERY_CHARS;
            if (!messages.isEmpty() && (full || !row.cgid().equals(cgid))) {
                packets.add(PushPacket.of(Methods.MESSAGE, List.copyOf(messages)));
                marks.add(new MessageMark(cgid, seqs));
                messages.clear();
                seqs.clear();
            }
            if (full) {
                deliveries.add(Delivery.synced(connectionId, packets, marks, false));
                packets = new ArrayList<>();
                marks = new ArrayList<>();
                chars = 0;
            }
            cgid = row.cgid();
            messages.add(row.stored().message());
            seqs.add(row.seq());
            chars += size;
        }
        if (!messages.isEmpty()) {
            packets.add(PushPacket.of(Methods.MESSAGE, List.copyOf(messages)));
            marks.add(new MessageMark(cgid, seqs));
        }
        if (!packets.isEmpty() || end) {
            deliveries.add(Delivery.synced(connectionId, packets, marks, end));
        }
        return deliveries;
    }
}
