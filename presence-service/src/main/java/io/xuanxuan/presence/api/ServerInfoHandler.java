package io.xuanxuan.presence.api;

import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.HttpAnswer;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.model.protocol.RetryAfter;
import io.xuanxuan.presence.domain.LoginResult;
import io.xuanxuan.presence.domain.ServerInfoLogins;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /serverInfo}, the 2.x clients' login over HTTP (xxc-2x-dialect.md A.3): translates the body
 * ({@link ServerInfoBody}) and the request's address ({@link SocketBase}) for {@link ServerInfoLogins}, and its
 * answer to HTTP: 200 with the {@code ServerInfo}, 401 on wrong credentials or a locked account (the client shows
 * "use the correct account and password"), 503 with Retry-After when the password threads are full, 400 for a body
 * that is not the login request, 413 for one over {@value #MAX_BODY_BYTES} bytes. Every answer is JSON and
 * carries the CORS headers ({@link ServerInfoCors}).
 */
public class ServerInfoHandler {

    /** Larger than any login request (a few hundred bytes); the limit on what is held in memory. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** Seconds a busy refusal tells the client to wait (the password threads drain within about that). */
    static final long BUSY_RETRY_SECONDS = 1;

    private static final Logger log = LoggerFactory.getLogger(ServerInfoHandler.class);

    private final ServerInfoLogins logins;
    private final SocketBase socketBase;

    public ServerInfoHandler(ServerInfoLogins logins, SocketBase socketBase) {
        this.logins = logins;
        this.socketBase = socketBase;
    }

    public Mono<ServerResponse> serverInfo(ServerRequest request) {
        if (request.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            return tooLarge();
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
                .map(ServerInfoHandler::text)
                .defaultIfEmpty("")
                .flatMap(body -> {
                    ServerInfoBody.Login login = ServerInfoBody.parse(body);
                    return logins.login(login.account(), login.password(), socketBase.of(request));
                })
                .flatMap(ServerInfoHandler::answer)
                .onErrorResume(DataBufferLimitException.class, tooBig -> tooLarge())
                .onErrorResume(InvalidRequestException.class,
                        invalid -> json(HttpStatus.BAD_REQUEST, refusal(invalid.getMessage())))
                .onErrorResume(error -> {
                    log.error("/serverInfo failed", error);
                    return json(HttpStatus.INTERNAL_SERVER_ERROR,
                            refusal("The server could not check the login; try again."));
                });
    }

    /** Any other method on {@code /serverInfo}: 405, saying what to send. */
    public Mono<ServerResponse> otherMethod(ServerRequest request) {
        return cors(ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)).header(HttpHeaders.ALLOW, "POST, OPTIONS")
                .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .bodyValue(ProtocolJson.write(refusal("POST the login to /serverInfo as data=<JSON of the login "
                        + "request>.")));
    }

    private static String text(DataBuffer buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Mono<ServerResponse> answer(ServerInfoLogins.Result result) {
        if (result instanceof ServerInfoLogins.Result.Issued issued) {
            return json(HttpStatus.OK, issued.info());
        }
        LoginResult.Failure failure = ((ServerInfoLogins.Result.Refused) result).failure();
        if (failure.reason() == LoginResult.Reason.BUSY) {
            return cors(ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE))
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(BUSY_RETRY_SECONDS))
                    .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .bodyValue(ProtocolJson.write(new HttpAnswer(Methods.MODULE_CHAT, Methods.LOGIN, Result.FAIL,
                            failure.message(), new RetryAfter(BUSY_RETRY_SECONDS))));
        }
        // wrong credentials and a locked account alike: the client shows its "correct account and password"
        return json(HttpStatus.UNAUTHORIZED, refusal(failure.message()));
    }

    private static Mono<ServerResponse> tooLarge() {
        return json(HttpStatus.CONTENT_TOO_LARGE, refusal("The body is larger than " + MAX_BODY_BYTES
                + " bytes; a login request is a few hundred."));
    }

    private static HttpAnswer refusal(String message) {
        return HttpAnswer.refused(Methods.MODULE_CHAT, Methods.LOGIN, Result.FAIL, message);
    }

    private static Mono<ServerResponse> json(HttpStatus status, Object body) {
        return cors(ServerResponse.status(status)).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .bodyValue(ProtocolJson.write(body));
    }

    private static ServerResponse.BodyBuilder cors(ServerResponse.BodyBuilder response) {
        return response.headers(ServerInfoCors::apply);
    }
}
