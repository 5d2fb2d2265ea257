package io.xuanxuan.model.bus;

import io.xuanxuan.model.objects.User;

/**
 * A change of a user's presence or profile, on {@code xx.events.presence} keyed by user id. Carries
 * the whole user so consumers keep their own view without reading presence's tables (every event
 * is an upsert of that user).
 *
 * <p>{@link Type#ONLINE} names the connection that just logged in and its session's sid: the chat
 * service answers it with that connection's {@code getList}, then the offline service flushes the
 * queue to it; HTTP services (files) accept that sid until an OFFLINE event for the connection.
 */
public record PresenceEvent(int v, String eventId, Type type, User user, String gatewayId, String connectionId,
                            String sid, long at) {

    public static final int VERSION = 1;

    /** {@link #ANNOUNCED}: presence tells every user at start-up, so consumers' views converge. */
    public enum Type { ONLINE, OFFLINE, STATUS_CHANGED, PROFILE_CHANGED, ANNOUNCED }

    public static PresenceEvent of(Type type, User user, String gatewayId, String connectionId) {
        return new PresenceEvent(VERSION, java.util.UUID.randomUUID().toString(), type, user, gatewayId,
                connectionId, null, System.currentTimeMillis());
    }

    /** The user logged in on a connection with a new session; HTTP services authenticate by that sid. */
    public static PresenceEvent online(User user, String gatewayId, String connectionId, String sid) {
        return new PresenceEvent(VERSION, java.util.UUID.randomUUID().toString(), Type.ONLINE, user, gatewayId,
                connectionId, sid, System.currentTimeMillis());
    }
}
