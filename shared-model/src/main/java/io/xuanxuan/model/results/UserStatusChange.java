package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The data of a {@code userChangeStatus} response: {@code {id, status}} (PROTOCOL.md, user methods). */
@JsonPropertyOrder({"id", "status"})
public record UserStatusChange(long id, String status) {
}
