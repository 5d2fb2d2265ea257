package io.xuanxuan.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;

/**
 * The browser client's files ({@code classpath:/web-client/}), read once at start-up: they are small, and a
 * request then never touches the class path (nothing blocks an event loop). Each file carries its content
 * type and a strong ETag from its bytes, so a browser that revalidates (Cache-Control: no-cache) gets a 304.
 */
public final class WebClientAssets {

    /** Where the files live in the gateway's jar. Not {@code static/}: Spring's default handler would serve them without our headers. */
    static final String LOCATION = "web-client/";

    /** A file of the client: its bytes, content type and ETag. */
    public record Asset(String path, byte[] bytes, MediaType contentType, String etag) {
    }

    private static final Map<String, MediaType> TYPES = Map.of(
            "html", MediaType.parseMediaType("text/html;charset=utf-8"),
            "js", MediaType.parseMediaType("text/javascript;charset=utf-8"),
            "css", MediaType.parseMediaType("text/css;charset=utf-8"),
            "svg", MediaType.parseMediaType("image/svg+xml"),
            "png", MediaType.IMAGE_PNG,
            "ico", MediaType.parseMediaType("image/x-icon"),
            "json", MediaType.APPLICATION_JSON);

    private final Map<String, Asset> byPath;

    private WebClientAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file under {@link #LOCATION}; a file of an unknown type is left out rather than served as anything. */
    public static WebClientAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
                    WebClientAssets.class.getClassLoader());
            Resource base = resolver.getResource("classpath:" + LOCATION);
            String baseUrl = base.exists() ? base.getURL().toString() : null;
            for (Resource resource : resolver.getResources("classpath:" + LOCATION + "**/*.*")) {
                if (!resource.isReadable() || baseUrl == null) {
                    continue;
                }
                String url = resource.getURL().toString();
                if (!url.startsWith(baseUrl)) {
                    continue;
                }
                String path = url.substring(baseUrl.length());
                typeOf(path).ifPresent(type -> assets.put(path, asset(path, read(resource), type)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web client's files from the class path", e);
        }
        return new WebClientAssets(Map.copyOf(assets));
    }

    /** The file at {@code path} relative to the client's root ({@code index.html}, {@code js/app.js}). */
    public Optional<Asset> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public int size() {
        return byPath.size();
    }

    static Optional<MediaType> typeOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(path.substring(dot + 1)));
    }

    private static Asset asset(String path, byte[] bytes, MediaType type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Asset(path, bytes, type, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
