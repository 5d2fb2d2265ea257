package io.xuanxuan.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.PushPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat messages of one bound connection (DESIGN.md section 4, "gateway"): per chat the highest seq
 * written to it, and its login sync.
 *
 * <p><b>Filter</b>: a message packet loses the messages the connection was written already (seq at or
 * below the chat's {@code written}); a packet that loses all is not written, a packet that loses none
 * is written as the shared frame (the common case: one lookup per packet, no serialization).
 *
 * <p><b>Sync</b>: from its creation (the connection's first message delivery or its getList, both after
 * the bind) until a delivery marked {@code syncEnd} was written, live
 * message deliveries are held, at most {@code maxHeld}; then they are written, in the order they came,
 * through the filter, so no live message overtakes its chat's sync and none the sync wrote is written
 * twice. Deliveries to the connection itself (sync pages) are written at once.
 *
 * <p>Guarded by this object: deliveries come from several bus threads at once.
 */
final class ConnectionMessages {

    private static final Logger log = LoggerFactory.getLogger(ConnectionMessages.class);
    private static final RateLimitedLog markLog = new RateLimitedLog(log, Duration.ofSeconds(10));

    /** What the writer needs of a written frame: send it, and record the cursors once it was read. */
    interface Sink {
        /**
         * {@code lastSeqs}: per chat, the highest seq in the frame (for the cursor, on receipt);
         * {@code acceptedAt}: the earliest time chat accepted a message of the frame (epoch ms), 0 if unknown.
         */
        void write(Connection connection, byte[] frame, Map<String, Long> lastSeqs, long acceptedAt);

        /** The sync held too many live deliveries: close the connection. */
        void overflow(Connection connection, int held);
    }

    private final Connection connection;
    private final long boundAtNanos = System.nanoTime();
    private final int maxHeld;
    /** Per chat gid: the highest seq written to the connection. */
    private final Map<String, Long> written = new HashMap<>();
    /** Live deliveries waiting for the sync to end; null once it ended (or the connection is being closed). */
    private List<PreparedPush> held = new ArrayList<>();
    private boolean syncing = true;

    ConnectionMessages(Connection connection, int maxHeld) {
        this.connection = connection;
        this.maxHeld = maxHeld;
    }

    Connection connection() {
        return connection;
    }

    synchronized boolean isSyncing() {
        return syncing;
    }

    /** Time since the connection was bound. */
    Duration boundFor() {
        return Duration.ofNanos(System.nanoTime() - boundAtNanos);
    }

    /** What became of an offered delivery. */
    enum Outcome { WRITTEN, HELD, SYNC_ENDED, DROPPED }

    /**
     * Writes (or holds) a message delivery. {@code live}: addressed to users, held while syncing;
     * {@code syncEnd}: ends the sync after this one, then writes what was held.
     */
    synchronized Outcome offer(PreparedPush push, boolean live, boolean syncEnd, Sink sink) {
        if (live && syncing) {
            if (held == null) {
                return Outcome.DROPPED; // being closed
            }
            if (held.size() >= maxHeld) {
                int count = held.size();
                held = null;
                sink.overflow(connection, count);
                return Outcome.DROPPED;
            }
            held.add(push);
            return Outcome.HELD;
        }
        write(push, sink);
        if (syncEnd && syncing) {
            syncing = false;
            List<PreparedPush> waiting = held;
            held = null;
            if (waiting != null) {
                waiting.forEach(each -> write(each, sink));
            }
            return Outcome.SYNC_ENDED;
        }
        return Outcome.WRITTEN;
    }

    /** The connection is being closed: what is held is dropped (it syncs again at its next login). */
    synchronized void abandon() {
        held = null;
    }

    private void write(PreparedPush push, Sink sink) {
        if (push.packets().isEmpty()) {
            return;
        }
        if (push.marks() == null) {
            sink.write(connection, push.frame(), Map.of(), 0); // e.g. a sync end that carries other pushes
            return;
        }
        List<PushPacket> packets = push.packets();
        List<MessageMark> marks = push.marks();
        List<PushPacket> kept = null; // null while every packet is kept whole
        Map<String, Long> lastSeqs = new HashMap<>(4);
        long acceptedAt = 0;
        for (int i = 0; i < packets.size(); i++) {
            MessageMark mark = marks.get(i);
            long before = written.getOrDefault(mark.cgid(), 0L);
            PushPacket packet = packets.get(i);
            PushPacket keep;
            if (mark.seqs().get(0) > before) {
                keep = packet;
            } else if (mark.lastSeq() <= before) {
                keep = null;
            } else {
                keep = newerThan(packet, mark, before);
            }
            if (keep != packet && kept == null) {
                kept = new ArrayList<>(packets.subList(0, i));
            }
            if (keep != null) {
                if (kept != null) {
                    kept.add(keep);
                }
                written.put(mark.cgid(), mark.lastSeq());
                lastSeqs.merge(mark.cgid(), mark.lastSeq(), Math::max);
                if (mark.acceptedAt() > 0 && (acceptedAt == 0 || mark.acceptedAt() < acceptedAt)) {
                    acceptedAt = mark.acceptedAt();
                }
            }
        }
        if (kept == null) {
            sink.write(connection, push.frame(), lastSeqs, acceptedAt);
        } else if (!kept.isEmpty()) {
            sink.write(connection, ProtocolJson.writeBytes(kept), lastSeqs, acceptedAt);
        }
    }

    /**
     * The packet without its messages at or below {@code before}. A packet whose data does not match its
     * mark (not an array of one message per seq) is kept whole: twice rather than never.
     */
    private static PushPacket newerThan(PushPacket packet, MessageMark mark, long before) {
        JsonNode data = packet.data();
        if (!(data instanceof ArrayNode messages) || messages.size() != mark.seqs().size()) {
            markLog.info("message packet of chat {} has {} seq(s) for data {}; written whole", mark.cgid(),
                    mark.seqs().size(), data == null ? "null" : data.getNodeType());
            return packet;
        }
        ArrayNode newer = messages.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            if (mark.seqs().get(i) > before) {
                newer.add(messages.get(i));
            }
        }
        return new PushPacket(packet.id(), packet.module(), packet.method(), newer);
    }
}
