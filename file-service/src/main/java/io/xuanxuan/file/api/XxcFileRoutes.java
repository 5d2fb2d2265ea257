package io.xuanxuan.file.api;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The 2.x clients' file paths (xxc-2x-dialect.md A.3); their CORS (and the upload's preflight) is {@link XxcCors}.
 *
 * <pre>
 * POST /upload     multipart: file, userID, gid; headers Authorization: &lt;token&gt;, X-FILENAME
 * GET  /download?fileName=..&amp;time=..&amp;id=&lt;file id&gt;&amp;ServerName=..&amp;gid=&lt;user id&gt;&amp;sid=md5(sessionID + fileName)
 * </pre>
 */
public final class XxcFileRoutes {

    public static final String UPLOAD = "/upload";
    public static final String DOWNLOAD = "/download";

    private XxcFileRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(XxcFileHttpHandler handler) {
        return RouterFunctions.route()
                .POST(UPLOAD, handler::upload)
                .GET(DOWNLOAD, handler::download)
                .build();
    }
}
