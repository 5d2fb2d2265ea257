package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.User;

/** A user account as presence stores it: the protocol's User plus what only presence may see. */
public record Account(long id, String account, String passwordHash, String realname, String avatar, String role,
                      long dept, String status, String admin, String gender, String email, String mobile,
                      String phone, String site, int failedLogins, long lockedUntil, boolean deleted) {

    public User toUser() {
        return new User(id, account, realname, avatar, role, dept, status, admin, gender, email, mobile, phone, site);
    }

    public boolean lockedAt(long nowSeconds) {
        return lockedUntil > nowSeconds;
    }
}
