package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.file.domain.XxcFileAccess;
import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.testclient.ProtocolClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The 2.x clients' file paths are served by the standalone server on its one HTTP port, through Spring's
 * WebFlux as it runs (the handler mapping, the CORS web filter), with sessions from real socket logins and
 * chats from the socket's {@code create}. The token is made with this process's secret, as /serverInfo makes
 * it in the standalone server (no secret configured). The behaviours one by one: file-service XxcFileHttpTest;
 * the whole 2.x login and file flow: the 2.x protocol suites.
 */
class XxcFileRoutesTest extends FileServerTest {

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aTwoXUploadByOneMemberDownloadsForAnotherOnTheOnePort() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient bob = fileUser("bob")) {
            String gid = groupChat(alice, bob);
            String name = "截图 1.png";
            byte[] content = random(40_000, 17);
            String token = XxcTokens.of("").issue(id(alice), Instant.now()).token();
            HttpResponse<byte[]> upload = post("/upload", new Multipart()
                            .file("file", "blob", "image/png", content)
                            .field("userID", String.valueOf(id(alice))).field("gid", gid),
                    "Authorization", token, "ServerName", "xuanxuan", "X-FILENAME", encode(name),
                    "Origin", "http://web.example:8080");
            String answer = new String(upload.body(), StandardCharsets.UTF_8);
            assertThat(upload.statusCode()).as(answer).isEqualTo(200);
            assertThat(upload.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            JsonNode data = json(upload).path("data");
            assertThat(json(upload).path("result").asText()).isEqualTo("success");
            assertThat(data.path("name").asText()).isEqualTo(name);
            long id = data.path("id").asLong();

            // bob's link, signed with bob's session id (what the gateway pushes to a 2.x client as SessionID)
            String link = "/download?fileName=" + encode(name) + "&time=" + data.path("time").asLong() + "&id=" + id
                    + "&ServerName=xuanxuan&gid=" + id(bob) + "&sid=" + XxcFileAccess.md5Hex(bob.sid + name);
            HttpResponse<byte[]> download = get(link);
            assertThat(download.statusCode()).as(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(download.body()).isEqualTo(content);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("attachment;"));

            // signed with alice's session but claiming to be bob: refused
            HttpResponse<byte[]> forged = get(link.replace(XxcFileAccess.md5Hex(bob.sid + name),
                    XxcFileAccess.md5Hex(alice.sid + name)));
            assertRefused(forged, 401, "denied", "not signed");
        }
    }

    @Test
    void theUploadsPreflightIsAnsweredThroughSpringsHandlerMapping() {
        HttpResponse<byte[]> preflight = send(HttpRequest.newBuilder(URI.create(url("/upload")))
                .timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://web.example:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,x-filename,servername")
                .build());
        assertThat(preflight.statusCode()).isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                value -> assertThat(value).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                value -> assertThat(value).contains("Authorization", "X-FILENAME", "ServerName", "Content-Type"));
    }
}
