package io.xuanxuan.presence.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What presence reads of the 2.x clients' settings ({@code xuanxuan.xxc.*}; the gateway and the file service read
 * theirs from the same names).
 *
 * @param enabled        {@code POST /serverInfo} is served (false: no such path)
 * @param secret         the key of the tokens ({@code XUANXUAN_XXC_SECRET}); blank: a random one per process, right
 *                       for the standalone server only (processes apart must share one, at least 16 characters)
 * @param socketUrl      the encrypted WebSocket's URL as clients reach it, path included
 *                       ({@code wss://im.example.com:11443/xxc/ws}); blank: derived from each {@code /serverInfo}
 *                       request ({@code ws[s]://<host>/xxc/ws})
 * @param uploadFileSize what the client is told it may upload (0 turns its file features off); keep it at
 *                       {@code xuanxuan.files.max-file-size}
 */
@ConfigurationProperties("xuanxuan.xxc")
public record PresenceXxcProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String secret,
        @DefaultValue("") String socketUrl,
        @DefaultValue("32MB") DataSize uploadFileSize) {

    public PresenceXxcProperties {
        if (uploadFileSize.isNegative()) {
            throw new IllegalArgumentException("xuanxuan.xxc.upload-file-size must be 0 or more");
        }
        configuredSocketUrl(socketUrl);
    }

    /** The configured socket URL, or null when it is derived from each request. */
    public URI configuredSocketUrl() {
        return configuredSocketUrl(socketUrl);
    }

    private static URI configuredSocketUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException invalid) {
            // said below
        }
        throw new IllegalArgumentException("xuanxuan.xxc.socket-url must be a ws:// or wss:// URL with a host, e.g. "
                + "wss://im.example.com:11443/xxc/ws (it is '" + text + "')");
    }
}
