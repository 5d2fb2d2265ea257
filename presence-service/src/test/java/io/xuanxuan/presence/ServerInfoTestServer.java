package io.xuanxuan.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.presence.api.ServerInfoCors;
import io.xuanxuan.presence.api.ServerInfoHandler;
import io.xuanxuan.presence.api.ServerInfoRoutes;
import io.xuanxuan.presence.api.SocketBase;
import io.xuanxuan.presence.domain.LoginService;
import io.xuanxuan.presence.domain.LoginMetrics;
import io.xuanxuan.presence.domain.ServerInfoLogins;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * {@code /serverInfo} on Reactor Netty without Spring Boot, over a given {@link LoginService} (a
 * {@link PresenceFixture}'s, on H2), on 127.0.0.1 and a random port; and a client that sends exactly the bytes
 * and headers it is given (a Host header of its choice included).
 */
public final class ServerInfoTestServer implements AutoCloseable {

    public static final String SECRET = "server-info-test-secret-0123456789";
    public static final long UPLOAD_FILE_SIZE = 12_345_678;

    /** Tokens under the server's secret, to check the ones it hands out. */
    public final XxcTokens tokens = XxcTokens.of(SECRET);
    /** What the server counted ({@code xuanxuan.serverinfo.logins}). */
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final DisposableServer server;

    /** @param socketUrl the configured {@code xuanxuan.xxc.socket-url}, or null to derive it from each request */
    public ServerInfoTestServer(LoginService logins, URI socketUrl) {
        ServerInfoHandler handler = new ServerInfoHandler(
                new ServerInfoLogins(logins, XxcTokens.of(SECRET), UPLOAD_FILE_SIZE, Clock.systemUTC(),
                        new LoginMetrics(meters, LoginMetrics.SERVER_INFO_LOGINS)),
                new SocketBase(socketUrl));
        // the preflight filter as the application registers it (a WebFilter bean)
        var httpHandler = RouterFunctions.toHttpHandler(ServerInfoRoutes.routes(handler),
                HandlerStrategies.builder().webFilter(new ServerInfoCors()).build());
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(httpHandler))
                .bindNow(Duration.ofSeconds(10));
    }

    public int port() {
        return server.port();
    }

    /** An HTTP answer: status, headers, body. */
    public record Reply(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            return ProtocolJson.read(body, JsonNode.class);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** {@code POST /serverInfo} with this body (its exact bytes, with a Content-Length) and header pairs. */
    public Reply post(String body, String... headers) {
        return send(HttpMethod.POST, body, false, headers);
    }

    /** {@code POST /serverInfo} of the 2.x client's login request for this account and password, sent raw. */
    public Reply login(String account, String password, String... headers) {
        return post("data=" + loginJson(account, password), headers);
    }

    /** The 2.x client's login request, as its JSON (not URL-encoded). */
    public static String loginJson(String account, String password) {
        return "{\"module\":\"chat\",\"method\":\"login\",\"params\":[\"\"," + ProtocolJson.write(account) + ","
                + ProtocolJson.write(password) + ",\"\"],\"v\":\"2.3.0\",\"lang\":\"zh-cn\"}";
    }

    /**
     * A request to {@code /serverInfo}: the body sent with a Content-Length, or in chunks without one, as the
     * form the 2.x client sends.
     */
    public Reply send(HttpMethod method, String body, boolean chunked, String... headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.create().headers(h -> {
            h.set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
            if (chunked) {
                h.set("Transfer-Encoding", "chunked");
            } else if (body != null) {
                h.set("Content-Length", bytes.length);
            }
            for (int i = 0; i < headers.length; i += 2) {
                h.set(headers[i], headers[i + 1]);
            }
        });
        HttpClient.RequestSender request = client.request(method).uri("http://127.0.0.1:" + port() + ServerInfoRoutes.PATH);
        HttpClient.ResponseReceiver<?> sent = body == null ? request
                : request.send(chunked
                        // in 1 KiB pieces: the server sees a stream, not one buffer
                        ? ByteBufFlux.fromString(Flux.range(0, (bytes.length + 1023) / 1024)
                                .map(i -> body.substring(Math.min(body.length(), i * 1024),
                                        Math.min(body.length(), (i + 1) * 1024))))
                        : ByteBufFlux.fromString(Mono.just(body)));
        return sent.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), response.responseHeaders(), text)))
                .block(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
