package io.xuanxuan.model.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything about one user's offline queue, on {@code xx.commands.offline} keyed by that user's id,
 * so it is handled in order by one consumer (DESIGN.md section 4):
 * <ul>
 *   <li>{@link Type#QUEUE}: keep {@code packet} (a {@code message} push) for the user, and write it at
 *       once if the user's connection has had its login flush;</li>
 *   <li>{@link Type#FLUSH}: the user's connection {@code connectionId} received {@code getList}; write
 *       the whole queue to it, then keep writing new pushes to it;</li>
 *   <li>{@link Type#ACK}: the gateway wrote the queued pushes {@code ids} to the connection: remove them;</li>
 *   <li>{@link Type#OFFLINE}: the connection is gone; stop writing to it (the queue keeps everything).</li>
 * </ul>
 */
public record OfflineCommand(int v, String commandId, Type type, long userId, String connectionId, String module,
                             String method, JsonNode packet, List<Long> ids, long at) {

    public static final int VERSION = 1;

    public enum Type { QUEUE, FLUSH, ACK, OFFLINE }

    public static OfflineCommand queue(long userId, String method, JsonNode data, String dedupKey) {
        return new OfflineCommand(VERSION, dedupKey, Type.QUEUE, userId, null, "chat", method, data, null,
                System.currentTimeMillis());
    }

    public static OfflineCommand flush(long userId, String connectionId) {
        return new OfflineCommand(VERSION, java.util.UUID.randomUUID().toString(), Type.FLUSH, userId, connectionId,
                null, null, null, null, System.currentTimeMillis());
    }

    public static OfflineCommand ack(long userId, String connectionId, List<Long> ids) {
        return new OfflineCommand(VERSION, java.util.UUID.randomUUID().toString(), Type.ACK, userId, connectionId,
                null, null, null, List.copyOf(ids), System.currentTimeMillis());
    }

    public static OfflineCommand offline(long userId, String connectionId) {
        return new OfflineCommand(VERSION, java.util.UUID.randomUUID().toString(), Type.OFFLINE, userId, connectionId,
                null, null, null, null, System.currentTimeMillis());
    }
}
