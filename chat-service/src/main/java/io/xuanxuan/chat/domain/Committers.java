package io.xuanxuan.chat.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who may post in a chat, as the protocol spells it in {@code committers}: {@code ''} or {@code '$ALL'}
 * (every member), {@code '$ADMINS'} (the chat's admins), or comma-joined user ids (a whitelist).
 */
public final class Committers {

    public static final String ALL = "$ALL";
    public static final String ADMINS = "$ADMINS";

    private Committers() {
    }

    /**
     * The stored form of a client's value: {@code ''}, {@code $ALL}, {@code $ADMINS}, or ids joined
     * by commas without spaces; empty if the value is none of these.
     */
    public static java.util.Optional<String> normalize(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) {
            return java.util.Optional.of("");
        }
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.equals(ALL) || upper.equals(ADMINS)) {
            return java.util.Optional.of(upper);
        }
        List<Long> ids = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            String id = part.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!id.matches("\\d{1,18}")) {
                return java.util.Optional.empty();
            }
            long parsed = Long.parseLong(id);
            if (!ids.contains(parsed)) {
                ids.add(parsed);
            }
        }
        return java.util.Optional.of(join(ids));
    }

    public static String join(List<Long> ids) {
        return ids.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The user ids of a whitelist value; none for {@code ''}, {@code $ALL} and {@code $ADMINS}. */
    public static List<Long> ids(String committers) {
        List<Long> ids = new ArrayList<>();
        String value = committers == null ? "" : committers.trim();
        if (value.isEmpty() || value.startsWith("$")) {
            return ids;
        }
        for (String part : value.split(",")) {
            if (part.trim().matches("\\d{1,18}")) {
                ids.add(Long.parseLong(part.trim()));
            }
        }
        return ids;
    }

    /** Whether the committers value lets this user post, given whether the user is an admin of the chat. */
    public static boolean allows(String committers, long userId, boolean chatAdmin) {
        String value = committers == null ? "" : committers.trim();
        if (value.isEmpty() || value.equalsIgnoreCase(ALL)) {
            return true;
        }
        if (value.equalsIgnoreCase(ADMINS)) {
            return chatAdmin;
        }
        for (String part : value.split(",")) {
            if (part.trim().equals(String.valueOf(userId))) {
                return true;
            }
        }
        return false;
    }
}
