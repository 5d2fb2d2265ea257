package io.xuanxuan.model.objects;

import java.util.Locale;
import java.util.Optional;

/** The statuses of a user. A client may set the first three; {@code offline} is set by the server. */
public enum UserStatus {
    ONLINE, AWAY, BUSY, OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A status a client may choose: online, away or busy. */
    public static Optional<UserStatus> selectable(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "online" -> Optional.of(ONLINE);
            case "away" -> Optional.of(AWAY);
            case "busy" -> Optional.of(BUSY);
            default -> Optional.empty();
        };
    }
}
