package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer of {@code changename}: {@code {gid, name}}. */
@JsonPropertyOrder({"gid", "name"})
public record ChatRenamed(String gid, String name) {
}
