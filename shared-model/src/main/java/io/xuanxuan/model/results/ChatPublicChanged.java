package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer of {@code changepublic}: {@code {gid, public}} ({@code public} is a Java keyword, hence the name). */
@JsonPropertyOrder({"gid", "public"})
public record ChatPublicChanged(String gid, @JsonProperty("public") boolean isPublic) {
}
