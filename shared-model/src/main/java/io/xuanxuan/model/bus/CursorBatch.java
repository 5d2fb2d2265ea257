package io.xuanxuan.model.bus;

import java.util.List;
import java.util.UUID;

/**
 * Cursor advances a gateway coalesced (DESIGN.md section 4), on {@link Topics#CURSORS} keyed by gateway
 * id: for each (user, chat) the highest {@code seq} a connection of that user confirmed reading. The owner
 * applies a batch as {@code cursor = max(cursor, seq)}, so a batch may be replayed, reordered or lost
 * (a lost one means messages are delivered again at the next login, never that they are missed).
 */
public record CursorBatch(int v, String batchId, String gatewayId, List<Advance> advances, long at) {

    public static final int VERSION = 1;

    /** The user read the chat's messages up to and including {@code seq}. */
    public record Advance(long userId, String cgid, long seq) {
    }

    public CursorBatch {
        advances = advances == null ? List.of() : List.copyOf(advances);
    }

    public static CursorBatch of(String gatewayId, List<Advance> advances) {
        return new CursorBatch(VERSION, UUID.randomUUID().toString(), gatewayId, advances,
                System.currentTimeMillis());
    }
}
