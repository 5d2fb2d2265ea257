package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer of {@code members}: {@code {gid, members}}. */
@JsonPropertyOrder({"gid", "members"})
public record ChatMembers(String gid, List<Long> members) {
}
