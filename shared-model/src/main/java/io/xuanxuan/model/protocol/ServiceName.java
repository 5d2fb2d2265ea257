package io.xuanxuan.model.protocol;

import java.util.Locale;

/** The services that own methods; {@link #GATEWAY} answers locally ({@code ping}). */
public enum ServiceName {
    GATEWAY, PRESENCE, CHAT, OFFLINE, FILE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
