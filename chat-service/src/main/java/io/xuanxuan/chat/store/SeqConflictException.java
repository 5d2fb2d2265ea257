package io.xuanxuan.chat.store;

/**
 * A message insert hit the unique (cgid, seq) key: another writer numbered a message of the chat (an
 * instance that had the chat's partition before, or a notice path), so the last seq known here is stale.
 * The allocator reloads it and the work is tried again.
 */
public class SeqConflictException extends RuntimeException {

    /** @param where the chat, or the message being moved, for the log */
    public SeqConflictException(String where, long seq) {
        super("seq " + seq + " is taken (" + where + ")", null, false, false);
    }
}
