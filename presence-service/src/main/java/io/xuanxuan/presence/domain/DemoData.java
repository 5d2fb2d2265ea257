package io.xuanxuan.presence.domain;

import java.util.List;

/** The demo accounts of an empty server: all with password 123456. */
public final class DemoData {

    public static final String PASSWORD = "123456";

    private DemoData() {
    }

    public static List<NewAccount> accounts(PasswordHasher hasher) {
        String hash = hasher.hashPlain(PASSWORD);
        return List.of(
                account("admin", "Administrator", "Management", "super", "admin", hash),
                account("demo", "Demo User", "Management", "no", "pm", hash),
                account("alice", "Alice", "Engineering", "no", "dev", hash),
                account("bob", "Bob", "Engineering", "no", "dev", hash),
                account("carol", "Carol", "Sales", "no", "sales", hash),
                account("dave", "Dave", "Sales", "no", "sales", hash));
    }

    private static NewAccount account(String account, String realname, String dept, String admin, String role,
                                      String hash) {
        return new NewAccount(account, realname, hash, role, dept, admin, "", account + "@example.com", "", "", "");
    }
}
