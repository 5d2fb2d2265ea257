package io.xuanxuan.file.api;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS of the 2.x clients' file endpoints, for the browser build served from another origin
 * (xxc-2x-dialect.md A.3): every answer of {@code /upload} and {@code /download} (refusals too) allows any
 * origin, and the preflight {@code OPTIONS} of an upload (its headers Authorization, X-FILENAME and ServerName
 * are not "simple") is answered here. A web filter, not a route: Spring's handler mapping refuses a preflight
 * of a route without a CORS configuration before the route runs. The token travels in a header, never in a
 * cookie, so {@code *} gives a foreign page nothing it could not send itself.
 */
public class XxcCors implements WebFilter {

    static final String ALLOW_HEADERS = "Authorization, X-FILENAME, ServerName, Content-Type";
    /** The methods of each path. */
    static final Map<String, String> PATHS = Map.of(XxcFileRoutes.UPLOAD, "POST, OPTIONS",
            XxcFileRoutes.DOWNLOAD, "GET, OPTIONS");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String methods = PATHS.get(exchange.getRequest().getPath().pathWithinApplication().value());
        if (methods == null) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
            headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
            headers.set(HttpHeaders.ALLOW, methods);
            exchange.getResponse().setStatusCode(HttpStatus.OK);
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }
}
