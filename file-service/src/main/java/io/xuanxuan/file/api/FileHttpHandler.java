package io.xuanxuan.file.api;

import io.xuanxuan.file.config.LegacyConfig;
import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.FileNames;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.FileRequestRefusedException;
import io.xuanxuan.file.domain.StoredFile;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.HttpAnswer;
import io.xuanxuan.model.protocol.LegacyServerConfig;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.model.protocol.UploadedFile;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.channel.AbortedException;

/**
 * The HTTP side of the file service: upload, download (with ranges) and the legacy {@code getconfig}.
 * Every refusal is a 4xx with {@code {module, method, result: fail|denied, message}}.
 */
public class FileHttpHandler {

    private static final Logger log = LoggerFactory.getLogger(FileHttpHandler.class);

    /** Part names that carry files: the document's, the real client's, and the usual single one. */
    static final Set<String> FILE_PARTS = Set.of("files", "files[]", "file");
    static final String MODULE = "attach";

    private final FileService files;
    private final FileMetrics metrics;
    private final LegacyConfig legacy;
    private final Clock clock;

    public FileHttpHandler(FileService files, LegacyConfig legacy, Clock clock) {
        this.files = files;
        this.metrics = files.metrics();
        this.legacy = legacy;
        this.clock = clock;
    }

    // ---- upload

    public Mono<ServerResponse> upload(ServerRequest request) {
        return answerUpload(files.authenticate(HttpSessions.sid(request))
                        .flatMap(userId -> requireMultipart(request, "one part named 'files' per file")
                                .then(files.upload(userId, request.queryParam("gid").orElse(null),
                                        upload -> receive(request, upload, UploadForm.attach(upload))))),
                FileHttpHandler::uploaded, MODULE, "upload");
    }

    /** Refused (415) unless the request is multipart/form-data; {@code parts} says what the body should carry. */
    static Mono<Void> requireMultipart(ServerRequest request, String parts) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return Mono.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.NOT_MULTIPART,
                    "Send the files as multipart/form-data, " + parts + "."));
        }
        return Mono.empty();
    }

    /**
     * Answers an upload: 200 with {@code answer} of the stored files, or the refusal (4xx) or failure (500) with
     * {@code {module, method, result, message}} (module and method left out when null). What is dropped after
     * the upload ended (a client gone, a body broken off) is expected and kept out of the error log.
     */
    Mono<ServerResponse> answerUpload(Mono<List<StoredFile>> upload, Function<List<StoredFile>, Object> answer,
                                      String module, String method) {
        // set once the upload has ended without its answer being the end of it: cancelled (the client went
        // away) or failed (e.g. the body broke off); a refusal decided after that has nobody to go to
        AtomicBoolean abandoned = new AtomicBoolean();
        return upload
                .flatMap(stored -> json(HttpStatus.OK, answer.apply(stored)))
                .doOnError(e -> abandoned.set(true))
                .onErrorMap(FileHttpHandler::isMalformedBody, e -> new FileRequestRefusedException(FileRequestRefusedException.Reason.BAD_REQUEST,
                        "The multipart/form-data body is malformed (" + rootMessage(e)
                                + "): send each file as a part with a file name."))
                .onErrorResume(FileRequestRefusedException.class, refusal -> refused(refusal, module, method))
                .onErrorResume(e -> failed(e, module, method, "The server could not store the files; try again."))
                .doOnCancel(() -> abandoned.set(true))
                .contextWrite(context -> context.put(LOCAL_ERROR_DROPPED_HOOK, (java.util.function.Consumer<Throwable>)
                        error -> droppedAfterTermination(error, abandoned.get())));
    }

    /**
     * What an upload's multipart body carries, per dialect: which parts are files, the name a file is stored
     * under (from its part's filename), and what a form field does ({@code gid}, the 2.x clients' {@code userID}).
     */
    record UploadForm(Set<String> fileParts, UnaryOperator<String> fileName,
                      BiFunction<String, String, Mono<Void>> field) {

        /** This server's and the 1.0 client's: parts files / files[] / file, and the field gid. */
        static UploadForm attach(FileService.Upload upload) {
            return new UploadForm(FILE_PARTS, UnaryOperator.identity(),
                    (name, value) -> "gid".equals(name) ? upload.gid(value) : Mono.empty());
        }
    }

    /** Feeds the multipart parts to the upload as they arrive: files stream to the store, {@code gid} is read. */
    Mono<Void> receive(ServerRequest request, FileService.Upload upload, UploadForm form) {
        Flux<PartEvent> body = request.bodyToFlux(PartEvent.class);
        Scheduler eventLoop = eventLoopOf(request);
        if (eventLoop != null) {
            // Cancelling the multipart parser from another thread (a refusal decided on a file-writing or
            // S3 thread) races with the parser on the connection's event loop and can release a buffer
            // twice; so cancel on the event loop, where the parser runs.
            body = body.cancelOn(eventLoop);
        }
        return body
                .windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (!first.hasValue()) {
                        return events.then();
                    }
                    PartEvent event = first.get();
                    if (event instanceof FilePartEvent file && form.fileParts().contains(file.name())) {
                        return upload.file(form.fileName().apply(file.filename()), file.headers().getContentType(),
                                oneAtATime(events, eventLoop).map(PartEvent::content));
                    }
                    if (event instanceof FormPartEvent field) {
                        String name = field.name();
                        String value = field.value();
                        return events.doOnNext(FileHttpHandler::release).then(Mono.defer(() -> form.field().apply(name, value)));
                    }
                    return events.doOnNext(FileHttpHandler::release).then();
                }))
                .then()
                // A part event an operator above drops unconsumed (the rest of a window after a refusal,
                // what publishOn or switchOnFirst still held at a cancel) is released here: one owner.
                .doOnDiscard(PartEvent.class, FileHttpHandler::release);
    }

    /**
     * A file part's events, delivered one at a time on the connection's event loop.
     *
     * <p>Without this, {@code switchOnFirst} hands the part's first event to the blob store on the thread
     * that subscribed to it (a boundedElastic thread, once the store has opened its file), while every later
     * event is pulled by the write completing on another thread (a file or S3 thread). The two overlap:
     * the later events ran through the size limit and the store while the first {@code onNext} was still
     * unwinding on the first thread, so the size limit's refusal was signalled twice (the copy was dropped
     * as an error after termination) and the consumer's state was shared by two threads unguarded.
     * {@code publishOn} makes every signal below it come from one worker in order, and holds at most one
     * event (released by the discard hook on a cancel).
     *
     * <p>{@code hide()} keeps the operators below from fusing with {@code publishOn}'s queue: fused, the
     * size limit's {@code handle} (reactor-core 3.8.6 {@code FluxHandleFuseable}) answers "nothing more"
     * to every poll once the part has completed upstream, so the events still queued were never delivered:
     * the file was stored cut short and acknowledged, and a file over the limit was accepted truncated to it.
     */
    private static Flux<PartEvent> oneAtATime(Flux<PartEvent> events, Scheduler eventLoop) {
        return (eventLoop == null ? events.publishOn(Schedulers.single(), 1) : events.publishOn(eventLoop, 1)).hide();
    }

    /** Reactor's context key for a subscription's own onErrorDropped hook. */
    private static final String LOCAL_ERROR_DROPPED_HOOK = "reactor.onErrorDropped.local";

    /**
     * An error that arrives after the upload has already ended: a body split into parts reports a client
     * that went away, or a malformed body, once per part and once for the whole body. The first one was
     * handled; the copies are expected. So is a refusal (a file past the limit) decided while the client
     * was going away or after the body broke off: the upload was cancelled or failed and was undone, and
     * there is nobody to answer (a client that aborts mid-body made CI fail here when only a cancel counted:
     * the body's error can end the upload before the refusal arrives). Anything else goes to Reactor's
     * usual handling.
     */
    private static void droppedAfterTermination(Throwable error, boolean abandoned) {
        if (error instanceof AbortedException || AbortedException.isConnectionReset(error) || isMalformedBody(error)
                || (abandoned && error instanceof FileRequestRefusedException)) {
            log.debug("after the upload ended: {}", error.toString());
        } else {
            Operators.onErrorDropped(error, Context.empty());
        }
    }

    /** The event loop of the request's connection (Reactor Netty), or null on another server. */
    static Scheduler eventLoopOf(ServerRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
        if (nativeRequest instanceof Connection connection) {
            return Schedulers.fromExecutor(connection.channel().eventLoop());
        }
        return null;
    }

    private static void release(PartEvent event) {
        DataBufferUtils.release(event.content());
    }

    private static HttpAnswer uploaded(List<StoredFile> stored) {
        return HttpAnswer.success(MODULE, "upload", stored.stream()
                .map(file -> new UploadedFile(file.id(), file.title(), file.size(), file.type())).toList());
    }

    // ---- download

    public Mono<ServerResponse> download(ServerRequest request, String id) {
        return download(request, files.authenticate(HttpSessions.sid(request)), id, null, MODULE, "download");
    }

    /**
     * Sends file {@code id} to {@code user} if a member of its chat may have it: its bytes (a Range honoured)
     * as {@code contentType}, or when null the type stored with it; refusals with {@code {module, method, result,
     * message}} (module and method left out when null).
     */
    Mono<ServerResponse> download(ServerRequest request, Mono<Long> user, String id, String contentType,
                                  String module, String method) {
        return user
                .flatMap(userId -> files.findForDownload(id, userId))
                .flatMap(file -> files.blobs().size(file.objectKey())
                        .switchIfEmpty(Mono.error(() -> {
                            log.error("file {} has a row but no object under {} in {}", file.id(), file.objectKey(),
                                    files.blobs().describe());
                            return new FileRequestRefusedException(FileRequestRefusedException.Reason.FILE_NOT_FOUND,
                                    "The content of file " + file.id() + " is no longer on the server.");
                        }))
                        .flatMap(size -> send(request, file, size, contentType, module, method)))
                .onErrorResume(FileRequestRefusedException.class, refusal -> refused(refusal, module, method))
                .onErrorResume(e -> failed(e, module, method, "The server could not read the file; try again."));
    }

    private Mono<ServerResponse> send(ServerRequest request, StoredFile file, long size, String contentType,
                                      String module, String method) {
        String etag = "\"xx-file-" + file.id() + "\"";
        List<HttpRange> ranges = ranges(request, etag);
        long offset = 0;
        long length = size;
        HttpStatus status = HttpStatus.OK;
        if (ranges.size() == 1) {
            // one range: 206 with that part; several: the whole file (allowed by RFC 9110, simpler for clients)
            HttpRange range = ranges.get(0);
            long start;
            long end;
            try {
                start = range.getRangeStart(size);
                end = range.getRangeEnd(size);
            } catch (IllegalArgumentException e) {
                start = size;
                end = size - 1;
            }
            if (size == 0 || start >= size || end < start) {
                metrics.refused(FileRequestRefusedException.Reason.RANGE_NOT_SATISFIABLE);
                return ServerResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ProtocolJson.write(refusal(module, method, new FileRequestRefusedException(
                                FileRequestRefusedException.Reason.RANGE_NOT_SATISFIABLE, "The range asked for is outside the file, which has "
                                + size + " bytes."))));
            }
            offset = start;
            length = end - start + 1;
            status = HttpStatus.PARTIAL_CONTENT;
        }
        String type = contentType != null ? contentType : file.type() == null || file.type().isBlank()
                ? FileNames.guess(file.title()).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE) : file.type();
        ServerResponse.BodyBuilder response = ServerResponse.status(status)
                .header(HttpHeaders.CONTENT_TYPE, type)
                .header(HttpHeaders.CONTENT_DISPOSITION, FileNames.contentDisposition(file.title()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=0")
                .header("X-Content-Type-Options", "nosniff")
                .contentLength(length);
        if (status == HttpStatus.PARTIAL_CONTENT) {
            response.header(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
        }
        metrics.download(status == HttpStatus.PARTIAL_CONTENT);
        Flux<DataBuffer> body = files.blobs().read(file.objectKey(), offset, length)
                .doOnNext(buffer -> metrics.downloadBytes(buffer.readableByteCount()));
        return response.body(BodyInserters.fromDataBuffers(body));
    }

    /** The request's ranges; none if absent, malformed, or an If-Range that does not match this file. */
    private static List<HttpRange> ranges(ServerRequest request, String etag) {
        String ifRange = request.headers().firstHeader(HttpHeaders.IF_RANGE);
        if (ifRange != null && !ifRange.equals(etag)) {
            return List.of();
        }
        try {
            return request.headers().range();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    // ---- legacy getconfig

    public Mono<ServerResponse> getConfig(ServerRequest request) {
        if (!"getconfig".equalsIgnoreCase(request.queryParam("mode").orElse(""))) {
            return refused(new FileRequestRefusedException(FileRequestRefusedException.Reason.BAD_REQUEST,
                    "Only index.php?mode=getconfig is served here."), MODULE, "getconfig");
        }
        URI uri = request.uri();
        return json(HttpStatus.OK, LegacyServerConfig.of(legacy.version(),
                UUID.randomUUID().toString().replace("-", ""),
                legacy.ip() != null && !legacy.ip().isBlank() ? legacy.ip() : uri.getHost(),
                legacyPort(uri),
                clock.instant().getEpochSecond()));
    }

    /** The configured public port, else the gateway's TCP door in this process, else the port asked. */
    private int legacyPort(URI uri) {
        if (legacy.port() > 0) {
            return legacy.port();
        }
        int listener = legacy.listenerPort().getAsInt();
        return listener > 0 ? listener : portOf(uri);
    }

    private static int portOf(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    // ---- responses

    Mono<ServerResponse> refused(FileRequestRefusedException refusal, String module, String method) {
        metrics.refused(refusal.reason());
        return json(HttpStatus.valueOf(refusal.reason().status()), refusal(module, method, refusal));
    }

    private static boolean isMalformedBody(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DecodingException || e instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable e = error;
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return String.valueOf(e.getMessage());
    }

    /** Not a refusal: the server failed (store or database unreachable). 500, logged with its cause. */
    private Mono<ServerResponse> failed(Throwable error, String module, String method, String message) {
        if (AbortedException.isConnectionReset(error) || error instanceof AbortedException) {
            // the client went away mid-request; the upload has been undone, and nobody reads this answer
            log.info("{}: the client closed the connection ({})", method, error.toString());
        } else {
            log.error("{} failed", method, error);
        }
        metrics.refused(FileRequestRefusedException.Reason.SERVER_ERROR);
        return json(HttpStatus.INTERNAL_SERVER_ERROR, HttpAnswer.refused(module, method, Result.FAIL, message));
    }

    private static HttpAnswer refusal(String module, String method, FileRequestRefusedException refusal) {
        return HttpAnswer.refused(module, method, refusal.reason().result(), refusal.getMessage());
    }

    private static Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .bodyValue(ProtocolJson.write(body));
    }
}
