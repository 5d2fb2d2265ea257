package io.xuanxuan.presence.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS of {@code /serverInfo}, as xxd sends it: any origin (no cookie is involved, the credentials are in the
 * body), so that a browser build of the 2.x client served from another origin can read the answer. Every answer
 * of the handler carries the headers ({@link #apply}); this filter answers {@code OPTIONS /serverInfo} itself,
 * because WebFlux hands a preflight for POST to no handler of a route, and leaves every other path alone.
 */
public final class ServerInfoCors implements WebFilter {

    /** Adds the CORS headers. */
    public static void apply(HttpHeaders headers) {
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!HttpMethod.OPTIONS.equals(request.getMethod())
                || !ServerInfoRoutes.PATH.equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.NO_CONTENT);
        apply(response.getHeaders());
        response.getHeaders().set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
        response.getHeaders().set(HttpHeaders.ALLOW, "POST, OPTIONS");
        return response.setComplete();
    }
}
