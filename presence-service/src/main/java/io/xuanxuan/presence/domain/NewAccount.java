package io.xuanxuan.presence.domain;

/** What an operator supplies to create or update an account (demo data, import file). */
public record NewAccount(String account, String realname, String passwordHash, String role, String deptName,
                         String admin, String gender, String email, String mobile, String phone, String site) {
}
