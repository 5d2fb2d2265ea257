package io.xuanxuan.model.bus;

import io.xuanxuan.model.protocol.ServiceName;

/** Topic names of the bus (DESIGN.md section 3). */
public final class Topics {

    public static final String DELIVERIES = "xx.deliveries";
    public static final String EVENTS_PRESENCE = "xx.events.presence";
    public static final String EVENTS_CHAT = "xx.events.chat";
    public static final String BROADCAST = "xx.broadcast";
    /** Gateways' heartbeats ({@link GatewayHeartbeat}), keyed by gateway id. */
    public static final String GATEWAYS = "xx.gateways";
    /** Login sync requests of gateways ({@link SyncRequest}), keyed by user id. */
    public static final String SYNC = "xx.sync";
    /** Cursor advances coalesced by gateways ({@link CursorBatch}), keyed by gateway id. */
    public static final String CURSORS = "xx.cursors";
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** {@code xx.commands.<service>}, keyed by chat gid (chat) or user id (presence, offline). */
    public static String commands(ServiceName service) {
        return "xx.commands." + service.id();
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
