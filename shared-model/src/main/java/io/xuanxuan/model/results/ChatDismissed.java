package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer and the push of {@code dismiss}: {@code {gid, dismissDate}} (Unix seconds). */
@JsonPropertyOrder({"gid", "dismissDate"})
public record ChatDismissed(String gid, long dismissDate) {
}
