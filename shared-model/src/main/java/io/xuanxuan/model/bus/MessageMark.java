package io.xuanxuan.model.bus;

import java.util.List;

/**
 * What the gateway needs to know about one {@code message} push packet, which the client does not see:
 * the chat it belongs to and the sequence number of each message of its {@code data}, in the same order
 * (DESIGN.md section 4). The gateway uses it to drop what a connection already got, to keep a live push
 * from overtaking its chat's login sync, and to advance the member's cursor once the client read it.
 *
 * @param cgid the chat's gid as stored (the gid it was created under)
 * @param seqs the {@code seq} of each message of the packet's data, strictly increasing
 * @param acceptedAt when chat accepted the messages of a live delivery (epoch milliseconds, chat's clock),
 *                   for the delivery latency the gateway measures when it writes them; 0 when not measured
 *                   (login sync pages, records of older senders)
 */
public record MessageMark(String cgid, List<Long> seqs, long acceptedAt) {

    public MessageMark(String cgid, List<Long> seqs) {
        this(cgid, seqs, 0);
    }

    public MessageMark {
        if (cgid == null || seqs == null || seqs.isEmpty()) {
            throw new IllegalArgumentException("a message mark names a chat and at least one seq");
        }
        seqs = List.copyOf(seqs);
    }

    /** The highest seq of the packet. */
    public long lastSeq() {
        return seqs.get(seqs.size() - 1);
    }
}
