package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A chat as the protocol shows it. {@code committers} is a string ({@code ''}, {@code '$ALL'},
 * {@code '$ADMINS'} or comma-joined ids) because the real client splits it. {@code star}, {@code hide}
 * and {@code mute} are the caller's own and only present in {@code getList}.
 */
@JsonPropertyOrder({"id", "gid", "name", "type", "admins", "committers", "subject", "public", "createdBy",
        "createdDate", "editedBy", "editedDate", "lastActiveTime", "members", "star", "hide", "mute"})
public record Chat(long id, String gid, String name, String type, List<Long> admins, String committers,
                   long subject, @JsonProperty("public") boolean isPublic, String createdBy, long createdDate,
                   String editedBy, long editedDate, long lastActiveTime, List<Long> members,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean star,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hide,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mute) {

    public static final String TYPE_ONE2ONE = "one2one";
    public static final String TYPE_GROUP = "group";
    public static final String TYPE_SYSTEM = "system";
}
