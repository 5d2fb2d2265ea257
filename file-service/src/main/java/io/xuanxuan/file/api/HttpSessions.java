package io.xuanxuan.file.api;

import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Where an HTTP request carries its sid: {@code Authorization: Bearer <sid>}, else query {@code sid}, else {@code rid}. */
final class HttpSessions {

    private HttpSessions() {
    }

    static String sid(ServerRequest request) {
        String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            return header.substring(7).trim();
        }
        return nonBlank(request.queryParam("sid")).or(() -> nonBlank(request.queryParam("rid"))).orElse(null);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }
}
