package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The notice a connection gets before it is closed because a newer login of its user replaced it
 * (PROTOCOL.md section 7): {@code {"module":"chat","method":"kickoff","message":"..."}}.
 */
@JsonPropertyOrder({"module", "method", "message"})
public record KickoffNotice(String module, String method, String message) {

    private static final KickoffNotice ANOTHER_LOGIN = new KickoffNotice(Methods.MODULE_CHAT, Methods.KICKOFF,
            "This account logined in another place.");

    /** The one notice there is: the account logged in elsewhere. */
    public static KickoffNotice anotherLogin() {
        return ANOTHER_LOGIN;
    }
}
