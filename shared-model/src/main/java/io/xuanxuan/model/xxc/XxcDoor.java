package io.xuanxuan.model.xxc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the 2.x clients' encrypted WebSocket is, and how its URL names the login: the path is apart from the
 * JSON {@code /ws} (another dialect), and {@code /serverInfo} hands out {@code <base>?user=<id>&ticket=<ticket>}
 * as {@code socketUrl}, which the client uses verbatim (xxc-2x-dialect.md A.2). The gateway derives the AES key
 * from those two and the secret ({@link XxcTokens#tokenFor}).
 */
public final class XxcDoor {

    /** The encrypted WebSocket's path on the gateway's HTTP port. */
    public static final String PATH = "/xxc/ws";
    public static final String USER_PARAM = "user";
    public static final String TICKET_PARAM = "ticket";

    private XxcDoor() {
    }

    /** {@code base} (e.g. {@code ws://host:8080/xxc/ws}) with the login's user id and ticket. */
    public static String socketUrl(String base, long userId, String ticket) {
        return base + (base.contains("?") ? "&" : "?") + USER_PARAM + "=" + userId + "&" + TICKET_PARAM + "="
                + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    }
}
