package io.xuanxuan.file.api;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

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
                .build();
    }
}
