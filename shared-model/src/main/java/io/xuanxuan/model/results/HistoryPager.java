package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The top-level {@code pager} of a {@code history} response: {@code {recPerPage, pageID, recTotal, gid,
 * continued}} ({@code recTotal} is the real total; {@code continued} echoes the request).
 */
@JsonPropertyOrder({"recPerPage", "pageID", "recTotal", "gid", "continued"})
public record HistoryPager(int recPerPage, @JsonProperty("pageID") int pageID, long recTotal, String gid,
                           boolean continued) {
}
