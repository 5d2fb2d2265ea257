package io.xuanxuan.model.bus;

import io.xuanxuan.model.objects.Message;
import java.util.List;

/**
 * Messages stored in one chat, on {@code xx.events.message} keyed by chat gid, in storage order. The
 * offline service routes the {@code message} push to every recipient (live, or queued for login).
 *
 * @param recipients every member of the chat but the sender, at the time of storage
 */
public record MessageEvent(int v, String eventId, String cgid, long senderId, List<Message> messages,
                           List<Long> recipients, long at) {

    public static final int VERSION = 1;

    public MessageEvent {
        messages = List.copyOf(messages);
        recipients = List.copyOf(recipients);
    }

    public static MessageEvent of(String cgid, long senderId, List<Message> messages, List<Long> recipients) {
        return new MessageEvent(VERSION, java.util.UUID.randomUUID().toString(), cgid, senderId, messages, recipients,
                System.currentTimeMillis());
    }
}
