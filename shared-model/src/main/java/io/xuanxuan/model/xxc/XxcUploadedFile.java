package io.xuanxuan.model.xxc;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code data} of a successful {@code POST /upload} of a 2.x client (xxc-2x-dialect.md A.3, as xxd answers):
 * the client merges it into the file message's content and builds the download link from {@code id},
 * {@code time} and {@code name}.
 *
 * @param time unix seconds of the upload
 * @param id   the file's id ({@code id} of {@code GET /download})
 * @param name the name the file is stored under
 */
@JsonPropertyOrder({"time", "id", "name"})
public record XxcUploadedFile(long time, long id, String name) {
}
