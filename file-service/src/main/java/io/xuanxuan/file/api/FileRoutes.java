package io.xuanxuan.file.api;

import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The file service's HTTP paths (PROTOCOL.md section 8): the document's and the real 1.0 client's.
 *
 * <pre>
 * POST /api/attach/upload?gid=&lt;gid&gt;          multipart, parts files / files[] / file
 * GET  /api/attach/download?id=&lt;id&gt;           bytes, Range
 * POST /sys/attach-upload.json?rid=&lt;sid&gt;      parts files[], field gid
 * GET  /sys/attach-download-&lt;id&gt;.json?rid=&lt;sid&gt;
 * GET  /index.php?mode=getconfig, /sys/index.php?mode=getconfig
 * </pre>
 */
public final class FileRoutes {

    private FileRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(FileHttpHandler handler) {
        return RouterFunctions.route()
                .POST("/api/attach/upload", handler::upload)
                .GET("/api/attach/download", request -> handler.download(request,
                        request.queryParam("id").orElse(null)))
                .POST("/sys/attach-upload.json", handler::upload)
                .GET("/sys/attach-download-{id}.json", request -> handler.download(request, request.pathVariable("id")))
                .GET("/index.php", handler::getConfig)
                .GET("/sys/index.php", handler::getConfig)
                .filter(FileRoutes::answerAfterDispatch)
                .build();
    }

    /**
     * Hands the response over on another thread, never synchronously inside the dispatch of the request.
     * Reactor Netty up to 1.3.7 stops reading a keep-alive connection when a request that was queued
     * behind an unfinished one is answered synchronously while it is dispatched (reactor-netty#4361,
     * fixed in 1.3.8): the client's next request then hangs. An answer from the database thread that
     * happens to complete at once is exactly that case. Remove once Reactor Netty is 1.3.8 or later.
     */
    static Mono<ServerResponse> answerAfterDispatch(ServerRequest request, HandlerFunction<ServerResponse> next) {
        try {
            return next.handle(request).publishOn(Schedulers.parallel());
        } catch (Exception e) {
            return Mono.error(e);
        }
    }
}
