package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A chat message. {@code gid} is client-made and the idempotency key; {@code user} is 0 for broadcasts.
 * {@code order} is the client's own number of the message (the 2.x clients send it to order messages of
 * the same second), stored and answered as sent; 0 when the client sent none.
 */
@JsonPropertyOrder({"id", "gid", "cgid", "user", "date", "type", "contentType", "content", "order"})
public record Message(long id, String gid, String cgid, long user, long date, String type, String contentType,
                      String content, long order) {

    /** A message without a client order (0): the server's notices, the 1.0 clients' messages. */
    public Message(long id, String gid, String cgid, long user, long date, String type, String contentType,
                   String content) {
        this(id, gid, cgid, user, date, type, contentType, content, 0);
    }
}
