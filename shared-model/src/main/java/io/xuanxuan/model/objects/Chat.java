package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A chat as the protocol shows it. {@code committers} is a string ({@code ''}, {@code '$ALL'},
 * {@code '$ADMINS'} or comma-joined ids) because the real client splits it. {@code star}, {@code hide}
 * and {@code mute} are the caller's own and only present in {@code getList}, as is {@code category} (the
 * caller's category of the chat, {@code ""} for none). {@code dismissDate} is when an admin dismissed the
 * group (Unix seconds; 0: not dismissed): a dismissed chat takes no new messages or changes.
 */
@JsonPropertyOrder({"id", "gid", "name", "type", "admins", "committers", "subject", "public", "createdBy",
        "createdDate", "editedBy", "editedDate", "lastActiveTime", "members", "dismissDate", "star", "hide", "mute", "category"})
public record Chat(long id, String gid, String name, String type, List<Long> admins, String committers,
                   long subject, @JsonProperty("public") boolean isPublic, String createdBy, long createdDate,
                   String editedBy, long editedDate, long lastActiveTime, List<Long> members,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean star,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hide,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mute, long dismissDate,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String category) {

    public static final String TYPE_ONE2ONE = "one2one";
    public static final String TYPE_GROUP = "group";
    public static final String TYPE_SYSTEM = "system";

    /** A chat that was never dismissed, without the caller's category (outside {@code getList}). */
    public Chat(long id, String gid, String name, String type, List<Long> admins, String committers, long subject,
                boolean isPublic, String createdBy, long createdDate, String editedBy, long editedDate,
                long lastActiveTime, List<Long> members, Boolean star, Boolean hide, Boolean mute) {
        this(id, gid, name, type, admins, committers, subject, isPublic, createdBy, createdDate, editedBy, editedDate,
                lastActiveTime, members, star, hide, mute, 0, null);
    }

    /** Not a field of the wire: {@code dismissDate} says it. */
    @JsonIgnore
    public boolean isDismissed() {
        return dismissDate > 0;
    }
}
