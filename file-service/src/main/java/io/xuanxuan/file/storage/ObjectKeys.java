package io.xuanxuan.file.storage;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Object keys: {@code yyyy/MM/<random UUID>}, made by the server only. They never contain anything a
 * client sent, so no file name can reach a path or an S3 key.
 */
public final class ObjectKeys {

    private static final Pattern VALID = Pattern.compile("[0-9]{4}/[0-9]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ObjectKeys() {
    }

    public static String newKey(Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        return String.format("%04d/%02d/%s", now.getYear(), now.getMonthValue(), UUID.randomUUID());
    }

    /** Whether a key has the server's shape (the stores refuse any other). */
    public static boolean isValid(String key) {
        return key != null && VALID.matcher(key).matches();
    }

    static String requireValid(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("not an object key of this server: " + key);
        }
        return key;
    }
}
