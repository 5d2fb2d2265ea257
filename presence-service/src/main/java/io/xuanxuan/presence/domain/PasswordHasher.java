package io.xuanxuan.presence.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Passwords at rest (PROTOCOL.md section 9). The client sends md5(plain) and the server stores bcrypt
 * of that value. Accounts imported from ranzhi/zentao carry {@code md5(md5(plain) + account)}; they
 * are accepted as such and re-hashed on their first successful login.
 */
public class PasswordHasher {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    public enum Verdict { MATCH, MATCH_LEGACY, NO_MATCH }

    private final BCryptPasswordEncoder bcrypt;

    public PasswordHasher(int strength) {
        this.bcrypt = new BCryptPasswordEncoder(strength);
    }

    /** The stored form of a client password (the md5 hex the client sends). */
    public String hash(String clientMd5) {
        return bcrypt.encode(normalize(clientMd5));
    }

    /** The stored form of a plain password given by an operator. */
    public String hashPlain(String plain) {
        return hash(md5(plain));
    }

    public Verdict verify(String clientMd5, String account, String stored) {
        if (clientMd5 == null || stored == null) {
            return Verdict.NO_MATCH;
        }
        String sent = normalize(clientMd5);
        if (isLegacy(stored)) {
            boolean match = MessageDigest.isEqual(
                    md5(sent + account).getBytes(StandardCharsets.US_ASCII),
                    stored.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            return match ? Verdict.MATCH_LEGACY : Verdict.NO_MATCH;
        }
        return bcrypt.matches(sent, stored) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    public static boolean isLegacy(String stored) {
        return MD5_HEX.matcher(stored.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    public static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }

    static String normalize(String clientMd5) {
        String trimmed = clientMd5.trim();
        // clients send lowercase hex; accept uppercase hex as the same digest
        return MD5_HEX.matcher(trimmed.toLowerCase(java.util.Locale.ROOT)).matches()
                ? trimmed.toLowerCase(java.util.Locale.ROOT) : trimmed;
    }
}
