package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One stored file in the answer to an upload (PROTOCOL.md section 8): {@code {id, title, size, type}}. */
@JsonPropertyOrder({"id", "title", "size", "type"})
public record UploadedFile(long id, String title, long size, String type) {
}
