package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A file of a chat; {@code addedBy} is a user id, {@code addedDate} Unix seconds. */
@JsonPropertyOrder({"id", "title", "size", "addedBy", "addedDate", "type"})
public record FileInfo(long id, String title, long size, long addedBy, long addedDate, String type) {
}
