package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.presence.domain.PasswordHasher;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The standalone server serves the 2.x clients' login, {@code POST /serverInfo}, on its one HTTP port through the
 * whole Spring stack (xxc-2x-dialect.md A.3): the ServerInfo for a right login, 401 for a wrong one, the CORS
 * preflight, and a socket URL on this port that a Host header which is not a host cannot change.
 */
class ServerInfoServingTest extends StandaloneServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/serverInfo"))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String loginBody(String account, String password) {
        // as the 2.x client sends it: data= and the JSON, not URL-encoded
        return "data={\"module\":\"chat\",\"method\":\"login\",\"params\":[\"\",\"" + account + "\",\""
                + PasswordHasher.md5(password) + "\",\"\"],\"v\":\"2.3.0\",\"lang\":\"zh-cn\"}";
    }

    @Test
    void aRightLoginGetsTheServerInfoWithASocketUrlOnThisPort() throws Exception {
        long alice = accounts().findByAccount("alice").block().id();

        HttpResponse<String> reply = send("POST", loginBody("alice", "123456"),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode info = ProtocolJson.read(reply.body(), JsonNode.class);
        assertThat(info.path("version").asText()).isEqualTo("2.3.0");
        String token = info.path("token").asText();
        assertThat(token).hasSize(32);
        assertThat(info.path("uploadFileSize").asLong()).isEqualTo(32L * 1024 * 1024);
        assertThat(info.path("chatPort").asInt()).isEqualTo(port);
        assertThat(info.path("socketUrl").asText()).isEqualTo("ws://127.0.0.1:" + port + "/xxc/ws?user=" + alice
                + "&ticket=" + token.substring(0, XxcTokens.TICKET_LENGTH));
        // the standalone server's secret is per process: the token is one of this process's
        assertThat(XxcTokens.of("").verify(alice, token)).isTrue();
    }

    @Test
    void aWrongLoginIs401WithAJsonBody() throws Exception {
        // an account that does not exist: counts towards no lockout of the shared server's accounts
        HttpResponse<String> reply = send("POST", loginBody("nobody-at-all", "123456"));

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = ProtocolJson.read(reply.body(), JsonNode.class);
        assertThat(body.path("result").asText()).isEqualTo("fail");
        assertThat(body.path("message").asText()).isEqualTo("Wrong account or password.");
    }

    @Test
    void thePreflightIsAnsweredWithTheCorsHeaders() throws Exception {
        HttpResponse<String> preflight = send("OPTIONS", null, "Origin", "http://web.example.com",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers).containsIgnoringCase("Content-Type"));
    }

    @Test
    void aHostHeaderThatIsNotAHostDoesNotReachTheSocketUrl() throws Exception {
        // java.net.http will not send a Host of one's choice: a raw request
        String body = loginBody("alice", "123456");
        String raw = "POST /serverInfo HTTP/1.1\r\nHost: evil.example.com/x?<script>\r\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                + body;
        String reply;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            reply = all.toString(StandardCharsets.UTF_8);
        }

        assertThat(reply).startsWith("HTTP/1.1 200");
        JsonNode info = ProtocolJson.read(reply.substring(reply.indexOf("\r\n\r\n") + 4), JsonNode.class);
        assertThat(info.path("socketUrl").asText()).startsWith("ws://127.0.0.1:" + port + "/xxc/ws?user=");
    }
}
