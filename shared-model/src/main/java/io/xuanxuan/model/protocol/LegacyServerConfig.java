package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to the 1.0 client's {@code index.php?mode=getconfig} (PROTOCOL.md section 8): where the
 * server is and how it spells its URLs, in the order the legacy server wrote them.
 */
@JsonPropertyOrder({"version", "name", "sessionName", "sessionID", "ip", "port", "requestType", "requestFix",
        "moduleVar", "methodVar", "viewVar", "serverTime"})
public record LegacyServerConfig(String version, String name, String sessionName,
                                 @JsonProperty("sessionID") String sessionId, String ip, int port,
                                 String requestType, String requestFix, String moduleVar, String methodVar,
                                 String viewVar, long serverTime) {

    /** The fixed parts the 1.0 client expects, with this server's address, a fresh session id and the time. */
    public static LegacyServerConfig of(String version, String sessionId, String ip, int port, long serverTime) {
        return new LegacyServerConfig(version, "ranzhi", "rid", sessionId, ip, port, "PATH_INFO", "-", "m", "f", "t",
                serverTime);
    }
}
