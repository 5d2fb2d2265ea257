package io.xuanxuan.file.api;

import io.xuanxuan.file.domain.FileRequestRefusedException;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.StoredFile;
import io.xuanxuan.file.domain.XxcFileAccess;
import io.xuanxuan.model.protocol.HttpAnswer;
import io.xuanxuan.model.xxc.XxcUploadedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The 2.x clients' file endpoints (xxc-2x-dialect.md A.3), translated onto the file service's upload and
 * download: {@code POST /upload} (multipart: {@code file}, then {@code userID} and {@code gid}; headers
 * {@code Authorization: <token>}, {@code X-FILENAME}) answers {@code {result, data: {time, id, name}}};
 * {@code GET /download?fileName&id&gid=<user id>&sid=md5(sessionID + fileName)} sends the bytes as an
 * attachment. Refusals are 4xx with {@code {result, message}}. Who may: {@link XxcFileAccess}; membership,
 * limits and storage: {@link FileService}, as for every file.
 */
public class XxcFileHttpHandler {

    /** The one file part the clients send (the others' names are accepted as well). */
    static final Set<String> FILE_PARTS = FileHttpHandler.FILE_PARTS;
    static final String FILENAME_HEADER = "X-FILENAME";

    private final FileHttpHandler http;
    private final FileService files;
    private final XxcFileAccess access;

    public XxcFileHttpHandler(FileHttpHandler http, FileService files, XxcFileAccess access) {
        this.http = http;
        this.files = files;
        this.access = access;
    }

    public Mono<ServerResponse> upload(ServerRequest request) {
        String token = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        // refused before any byte is read when it cannot be a token; whose it is, the userID field tells later
        if (!XxcFileAccess.wellFormedToken(token == null ? null : token.trim())) {
            return http.refused(XxcFileAccess.missingToken(), null, null);
        }
        UnaryOperator<String> name;
        try {
            name = fileName(request.headers().firstHeader(FILENAME_HEADER));
        } catch (IllegalArgumentException e) {
            return http.refused(new FileRequestRefusedException(FileRequestRefusedException.Reason.BAD_REQUEST,
                    "The header X-FILENAME must be the file name, URL-encoded (UTF-8)."), null, null);
        }
        Mono<List<StoredFile>> upload = FileHttpHandler.requireMultipart(request, "with the file as the part 'file' "
                        + "and the fields userID and gid")
                .then(files.uploadNamingItsUploader(1, each -> http.receive(request, each,
                        new FileHttpHandler.UploadForm(FILE_PARTS, name, (field, value) -> switch (field) {
                            case "gid" -> each.gid(value);
                            case "userID" -> each.uploader(access.uploader(value, token.trim()));
                            default -> Mono.empty();
                        }))));
        return http.answerUpload(upload, stored -> HttpAnswer.success(null, null, uploaded(stored.get(0))), null, null);
    }

    /** The name to store: X-FILENAME decoded when the client sent it, else the part's file name. */
    static UnaryOperator<String> fileName(String header) {
        if (header == null || header.isBlank()) {
            return UnaryOperator.identity();
        }
        // percent-decoding only ('+' stays '+'): the clients encode with encodeURIComponent
        String decoded = UriUtils.decode(header.trim(), StandardCharsets.UTF_8);
        return partName -> decoded;
    }

    static XxcUploadedFile uploaded(StoredFile file) {
        return new XxcUploadedFile(file.addedDate(), file.id(), file.title());
    }

    public Mono<ServerResponse> download(ServerRequest request) {
        String fileName = request.queryParam("fileName").orElse(null);
        Mono<Long> user = access.downloader(request.queryParam("gid").orElse(null), fileName,
                request.queryParam("sid").orElse(null));
        return http.download(request, user, request.queryParam("id").orElse(null),
                MediaType.APPLICATION_OCTET_STREAM_VALUE, null, null);
    }
}
