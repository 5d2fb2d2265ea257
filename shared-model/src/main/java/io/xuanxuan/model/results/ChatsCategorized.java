package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer of {@code category}: {@code {gids, category}}, the chats' gids and the caller's category of them. */
@JsonPropertyOrder({"gids", "category"})
public record ChatsCategorized(List<String> gids, String category) {
}
