package io.xuanxuan.model.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answers of {@code star}, {@code hide} and {@code mute}: {@code {gid, <method>}}, the flag under the
 * method's own name. One record per method, so each shape is a type.
 */
public sealed interface MemberFlagChanged {

    /** {@code star}: {@code {gid, star}}. */
    @JsonPropertyOrder({"gid", "star"})
    record Star(String gid, boolean star) implements MemberFlagChanged {
    }

    /** {@code hide}: {@code {gid, hide}}. */
    @JsonPropertyOrder({"gid", "hide"})
    record Hide(String gid, boolean hide) implements MemberFlagChanged {
    }

    /** {@code mute}: {@code {gid, mute}}. */
    @JsonPropertyOrder({"gid", "mute"})
    record Mute(String gid, boolean mute) implements MemberFlagChanged {
    }
}
