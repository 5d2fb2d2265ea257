package io.xuanxuan.gateway.web;

import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the browser client: {@code GET /} is its page, {@code GET /web/<file>} its scripts and styles. Only the
 * files the gateway's jar holds are answered; every other path falls through to the application's usual 404.
 *
 * <p>Every answer says {@code Cache-Control: no-cache} (the files have no hashed names: a browser must revalidate
 * to see a new version; the ETag makes that a 304) and carries a Content-Security-Policy that allows scripts,
 * styles, images and connections from this origin only and no inline script, so a text that slipped into the
 * page as HTML still could not run.
 */
public final class WebClientRoutes {

    /** Same origin only; {@code connect-src 'self'} covers the WebSocket of this host; blob: for image previews. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** The prefix of the client's files other than its page. */
    static final String PREFIX = "/web/";

    private WebClientRoutes() {
    }

    /** Answers GET and HEAD of the client's files; anything else is not matched (the application's usual 404). */
    public static RouterFunction<ServerResponse> routes(WebClientAssets assets) {
        return request -> {
            HttpMethod method = request.method();
            if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
                return Mono.empty();
            }
            String path = request.path();
            Optional<WebClientAssets.Asset> asset = path.equals("/") || path.equals("/index.html")
                    ? assets.find("index.html")
                    : path.startsWith(PREFIX) ? assets.find(path.substring(PREFIX.length())) : Optional.empty();
            return Mono.justOrEmpty(asset.map(found -> (HandlerFunction<ServerResponse>) r -> serve(r, found)));
        };
    }

    private static Mono<ServerResponse> serve(ServerRequest request, WebClientAssets.Asset asset) {
        boolean unchanged = request.headers().header(HttpHeaders.IF_NONE_MATCH).stream()
                .anyMatch(tag -> tag.equals(asset.etag()) || tag.equals("*"));
        ServerResponse.BodyBuilder response = ServerResponse.status(unchanged ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .cacheControl(CacheControl.noCache())
                .eTag(asset.etag())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY");
        if (unchanged) {
            return response.build();
        }
        return response.contentType(asset.contentType()).contentLength(asset.bytes().length).bodyValue(asset.bytes());
    }
}
