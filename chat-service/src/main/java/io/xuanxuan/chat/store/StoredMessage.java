package io.xuanxuan.chat.store;

import io.xuanxuan.model.objects.Message;

/**
 * A stored message and its {@code seq}, its place in its chat. The seq stays inside the server (the
 * client-visible {@link Message} has no such field): it travels next to the message, in the
 * {@code MessageMark} of the push.
 */
public record StoredMessage(Message message, long seq) {
}
