package io.xuanxuan.model.bus;

import java.util.UUID;

/**
 * A gateway asks for a connection's login sync (DESIGN.md section 4), on {@link Topics#SYNC} keyed by
 * user id. The gateway sends it once it has written the connection's {@code getList} push, so the
 * connection was bound before the sync reads anything: a message stored after that read reaches the
 * connection live, one stored before it is in the sync.
 *
 * <p>The answer: deliveries to the connection with every message of the user's chats above the user's
 * cursor, per chat in {@code seq} order, the last one marked {@link Delivery#syncEnd()}.
 */
public record SyncRequest(int v, String requestId, long userId, String connectionId, String gatewayId, long at) {

    public static final int VERSION = 1;

    public static SyncRequest of(long userId, String connectionId, String gatewayId) {
        return new SyncRequest(VERSION, UUID.randomUUID().toString(), userId, connectionId, gatewayId,
                System.currentTimeMillis());
    }
}
