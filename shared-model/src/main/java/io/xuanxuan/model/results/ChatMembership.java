package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.xuanxuan.model.objects.Chat;

/** The answer of {@code joinchat}: {@code {gid, join, chat}}, the chat as it is after the change. */
@JsonPropertyOrder({"gid", "join", "chat"})
public record ChatMembership(String gid, boolean join, Chat chat) {
}
