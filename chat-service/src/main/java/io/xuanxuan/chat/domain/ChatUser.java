package io.xuanxuan.chat.domain;

import io.xuanxuan.model.objects.User;

/** A user as the chat service knows it, from presence events: enough for createdBy, notices and rights. */
public record ChatUser(long id, String account, String realname, String admin) {

    public static ChatUser of(User user) {
        return new ChatUser(user.id(), nullToEmpty(user.account()), nullToEmpty(user.realname()),
                user.isSuperAdmin() ? User.ADMIN_SUPER : User.ADMIN_NO);
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
