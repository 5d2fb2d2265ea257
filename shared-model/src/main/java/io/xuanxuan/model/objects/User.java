package io.xuanxuan.model.objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A user as the protocol shows it. {@code admin} is {@code super} for a system administrator and
 * {@code no} otherwise; {@code status} is one of {@link UserStatus}.
 */
@JsonPropertyOrder({"id", "account", "realname", "avatar", "role", "dept", "status", "admin", "gender",
        "email", "mobile", "phone", "site"})
public record User(long id, String account, String realname, String avatar, String role, long dept,
                   String status, String admin, String gender, String email, String mobile, String phone,
                   String site) {

    public static final String ADMIN_SUPER = "super";
    public static final String ADMIN_NO = "no";

    @JsonIgnore
    public boolean isSuperAdmin() {
        return ADMIN_SUPER.equals(admin);
    }

    public User withStatus(String newStatus) {
        return new User(id, account, realname, avatar, role, dept, newStatus, admin, gender, email, mobile, phone, site);
    }

    public User withRealname(String newRealname) {
        return new User(id, account, newRealname, avatar, role, dept, status, admin, gender, email, mobile, phone, site);
    }
}
