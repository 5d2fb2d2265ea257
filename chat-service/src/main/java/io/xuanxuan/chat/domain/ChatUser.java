package io.xuanxuan.chat.domain;

import io.xuanxuan.model.objects.User;

/**
 * A user as the chat service knows it, from presence events: enough for createdBy, notices and rights
 * ({@code role} decides who may post in the system chat, see {@link SystemChatPosters}).
 */
public record ChatUser(long id, String account, String realname, String admin, String role) {

    public ChatUser {
        role = nullToEmpty(role);
    }

    /** A user without a role. */
    public ChatUser(long id, String account, String realname, String admin) {
        this(id, account, realname, admin, "");
    }

    public static ChatUser of(User user) {
        return new ChatUser(user.id(), nullToEmpty(user.account()), nullToEmpty(user.realname()),
                user.isSuperAdmin() ? User.ADMIN_SUPER : User.ADMIN_NO, nullToEmpty(user.role()));
    }

    /** A system administrator ({@code admin: super}). */
    public boolean isSuperAdmin() {
        return User.ADMIN_SUPER.equals(admin);
    }

    /** How notices name the user: the real name, or the account if there is none. */
    public String displayName() {
        return realname == null || realname.isBlank() ? account : realname;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
