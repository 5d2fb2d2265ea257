package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A chat message. {@code gid} is client-made and the idempotency key; {@code user} is 0 for broadcasts. */
@JsonPropertyOrder({"id", "gid", "cgid", "user", "date", "type", "contentType", "content"})
public record Message(long id, String gid, String cgid, long user, long date, String type, String contentType,
                      String content) {
}
