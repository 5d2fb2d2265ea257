package io.xuanxuan.model.xxc;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a successful {@code POST /serverInfo} (xxc-2x-dialect.md A.3). The client reads {@code chatPort,
 * token, version, socketUrl, uploadFileSize}; {@code siteType} and {@code testModel} are what xxd adds.
 *
 * @param version        the server version the client checks its features against: {@link #VERSION}
 * @param token          32 characters, the AES key of this login ({@link XxcTokens})
 * @param uploadFileSize bytes; 0 turns the client's file features off
 * @param chatPort       the port of the socket URL (the client uses it only when {@code socketUrl} is absent)
 * @param socketUrl      the encrypted WebSocket's URL, carrying user id and ticket ({@link XxcDoor#socketUrl})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerInfo(String version, String token, long uploadFileSize, int chatPort, String socketUrl,
                         String siteType, String testModel) {

    /**
     * 2.3.0: what the 2.3 client was written against. At 2.4.0 it expects features this server does not have
     * (xxc-2x-dialect.md A.7: retracting, typing, server-posted notices, forced updates).
     */
    public static final String VERSION = "2.3.0";
}
