package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The gateway serves the browser client at {@code /} from its jar: the page, its modules with the right content
 * types, revalidated caching, a Content-Security-Policy without inline script or other origins; every other path
 * keeps the JSON 404 of before.
 */
class WebClientServingTest extends StandaloneServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedAtTheRootWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html").containsIgnoringCase("charset=utf-8"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/web/js/app.js\"></script>", "id=\"login-form\"");
        // no inline script in the page itself: every <script> has a src
        assertThat(page.body().split("<script").length - 1).isEqualTo(page.body().split("<script[^>]*src=").length - 1);
    }

    @Test
    void theModulesAndStylesHaveTheirContentTypes() throws Exception {
        for (String[] file : new String[][] {{"/web/js/app.js", "text/javascript"}, {"/web/js/connection.js", "text/javascript"},
                {"/web/js/render.js", "text/javascript"}, {"/web/js/md5.js", "text/javascript"},
                {"/web/js/i18n.js", "text/javascript"}, {"/web/app.css", "text/css"}, {"/web/icon.svg", "image/svg+xml"}}) {
            HttpResponse<String> response = get(file[0]);
            assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file[0])
                    .hasValueSatisfying(type -> assertThat(type).startsWith(file[1]));
            assertThat(response.headers().firstValue("Cache-Control")).as(file[0]).hasValue("no-cache");
            assertThat(response.body()).as(file[0]).isNotBlank();
        }
    }

    @Test
    void anUnchangedFileIsAnsweredNotModified() throws Exception {
        HttpResponse<String> first = get("/web/js/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/web/js/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/web/js/app.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void everyOtherPathKeepsTheJson404() throws Exception {
        for (String path : new String[] {"/nothing-here", "/web/nothing.js", "/web/", "/web/../pom.xml", "/api/nothing"}) {
            HttpResponse<String> response = get(path, "Accept", "application/json");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        }
    }

    @Test
    void theWebSocketPathIsStillTheGateways() {
        // the client's routes do not shadow /ws: a protocol client logs in there as before
        try (var client = io.xuanxuan.testclient.WsClient.login(port, "alice", "123456")) {
            assertThat(client.sid).isNotBlank();
        }
    }
}
