package io.xuanxuan.chat.domain;

import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.MessageStore;
import java.util.Collection;
import reactor.core.publisher.Mono;

/**
 * Where a member's cursor starts: a user who joins a chat starts at its end, so the next login does not
 * sync the chat's past (that is what {@code history} is for). Run it in the transaction that adds the
 * member: a sync never sees the member without the cursor.
 */
public class MemberCursors {

    private final MessageStore messages;
    private final CursorStore cursors;

    public MemberCursors(MessageStore messages, CursorStore cursors) {
        this.messages = messages;
        this.cursors = cursors;
    }

    /**
     * Sets these users' cursors of the chat to its current {@code MAX(seq)} (read from the table, not the
     * allocator's memory: joins also happen outside the chat's partition), never backwards: a member
     * who left and comes back keeps a later cursor.
     */
    public Mono<Void> startAtEnd(String cgid, Collection<Long> users) {
        if (users.isEmpty()) {
            return Mono.empty();
        }
        return messages.maxSeq(cgid).flatMap(seq -> cursors.startAt(cgid, users, seq));
    }

    /** Gives every member of the chat who has no cursor one at its end (the system chat at start-up). */
    public Mono<Long> startMissingAtEnd(long chatId, String cgid) {
        return messages.maxSeq(cgid).flatMap(seq -> cursors.startMissing(chatId, cgid, seq));
    }
}
