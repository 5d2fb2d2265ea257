package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The data of a {@code userChangeName} response: {@code {id, name}} (PROTOCOL.md, user methods). */
@JsonPropertyOrder({"id", "name"})
public record UserNameChange(long id, String name) {
}
