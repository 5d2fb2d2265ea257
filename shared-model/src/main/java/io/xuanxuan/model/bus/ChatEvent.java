package io.xuanxuan.model.bus;

import io.xuanxuan.model.objects.Chat;

/**
 * A change of a chat, on {@code xx.events.chat} keyed by chat gid. Carries the whole chat with its
 * member list (event-carried state) so other services keep their own view of membership.
 */
public record ChatEvent(int v, String eventId, Type type, Chat chat, long at) {

    public static final int VERSION = 1;

    public enum Type { CREATED, CHANGED, MEMBERS_CHANGED }

    public static ChatEvent of(Type type, Chat chat) {
        return new ChatEvent(VERSION, java.util.UUID.randomUUID().toString(), type, chat, System.currentTimeMillis());
    }
}
