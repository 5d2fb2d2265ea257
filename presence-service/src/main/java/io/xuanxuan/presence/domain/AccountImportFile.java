package io.xuanxuan.presence.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads an operator's account file: CSV, UTF-8, a header line naming the columns. {@code account} is
 * required; the others are optional: {@code realname, password, dept, role, admin, gender, email,
 * mobile, phone, site}. {@code password} is the plain password (hashed before storage); a column
 * {@code password_md5} may carry md5(plain) instead, and {@code password_ranzhi} a ranzhi/zentao hash
 * md5(md5(plain)+account) as exported from {@code sys_user}. An empty password leaves an existing
 * account's password alone (a new account needs one). Fields are separated by commas and may be quoted.
 */
public final class AccountImportFile {

    private AccountImportFile() {
    }

    public static List<NewAccount> read(Path file, PasswordHasher hasher) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = Arrays.stream(parseLine(stripBom(lines.get(0))))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("account")) {
            throw new IllegalArgumentException(file + ": the header line must name an 'account' column");
        }
        List<NewAccount> accounts = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = parseLine(lines.get(i));
            Row row = new Row(header, fields);
            String account = row.get("account");
            if (account.isEmpty() || account.length() > 64) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": account must be 1 to 64 characters");
            }
            accounts.add(new NewAccount(account, row.get("realname").isEmpty() ? account : row.get("realname"),
                    passwordHash(row, hasher), row.get("role"), row.get("dept"), row.get("admin"), row.get("gender"),
                    row.get("email"), row.get("mobile"), row.get("phone"), row.get("site")));
        }
        return accounts;
    }

    private static String passwordHash(Row row, PasswordHasher hasher) {
        if (!row.get("password").isEmpty()) {
            return hasher.hashPlain(row.get("password"));
        }
        if (!row.get("password_md5").isEmpty()) {
            return hasher.hash(row.get("password_md5"));
        }
        if (!row.get("password_ranzhi").isEmpty()) {
            return row.get("password_ranzhi").toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private record Row(List<String> header, String[] fields) {
        String get(String column) {
            int index = header.indexOf(column);
            return index < 0 || index >= fields.length ? "" : fields[index].trim();
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** One CSV line: commas separate, double quotes quote, "" is a quote inside quotes. */
    static String[] parseLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields.toArray(String[]::new);
    }
}
