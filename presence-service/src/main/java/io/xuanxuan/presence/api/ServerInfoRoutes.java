package io.xuanxuan.presence.api;

import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Presence's HTTP path, the 2.x clients' login (xxc-2x-dialect.md A.3):
 * <pre>
 * POST    /serverInfo   data=&lt;JSON login request&gt;  -&gt; ServerInfo
 * (any other) /serverInfo  405
 * </pre>
 * {@code OPTIONS /serverInfo}, the CORS preflight, is {@link ServerInfoCors}'s (a filter: a route never sees it).
 */
public final class ServerInfoRoutes {

    public static final String PATH = "/serverInfo";

    private ServerInfoRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(ServerInfoHandler handler) {
        return RouterFunctions.route()
                .POST(PATH, handler::serverInfo)
                .route(RequestPredicates.path(PATH), handler::otherMethod)
                .build();
    }
}
