package io.xuanxuan.presence.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountImportFileTest {

    private final PasswordHasher hasher = new PasswordHasher(4);

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsAndAllThreePasswordForms() throws Exception {
        Path file = dir.resolve("users.csv");
        Files.writeString(file, "\uFEFFaccount,realname,password,dept,admin,password_md5,password_ranzhi\n"
                + "zhang,\"Zhang, San\",secret,R&D,super,,\n"
                + "li,李四,,R&D,no," + PasswordHasher.md5("pw") + ",\n"
                + "\n"
                + "wang,Wang,,,no,,0123456789abcdef0123456789ABCDEF\n"
                + "zhao,Zhao,,,,,\n", StandardCharsets.UTF_8);

        List<NewAccount> accounts = AccountImportFile.read(file, hasher);

        assertThat(accounts).extracting(NewAccount::account).containsExactly("zhang", "li", "wang", "zhao");
        NewAccount zhang = accounts.get(0);
        assertThat(zhang.realname()).isEqualTo("Zhang, San");
        assertThat(zhang.admin()).isEqualTo("super");
        assertThat(hasher.verify(PasswordHasher.md5("secret"), "zhang", zhang.passwordHash()))
                .isEqualTo(PasswordHasher.Verdict.MATCH);
        assertThat(accounts.get(1).realname()).isEqualTo("李四");
        assertThat(hasher.verify(PasswordHasher.md5("pw"), "li", accounts.get(1).passwordHash()))
                .isEqualTo(PasswordHasher.Verdict.MATCH);
        assertThat(accounts.get(2).passwordHash()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(accounts.get(3).passwordHash()).isNull();
    }

    @Test
    void refusesAFileWithoutAnAccountColumn() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "name,password\nx,y\n");
        assertThatThrownBy(() -> AccountImportFile.read(file, hasher)).hasMessageContaining("account");
    }
}
