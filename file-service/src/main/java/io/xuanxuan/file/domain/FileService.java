package io.xuanxuan.file.domain;

import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.storage.ObjectKeys;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.objects.FileInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the file service does, whatever the transport: authenticate a sid, check membership, store an
 * upload all or nothing, find a file for a download, list a chat's files.
 */
public class FileService {

    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    private final BlobStore blobs;
    private final FileObjectStore files;
    private final FileSessionStore sessions;
    private final ChatMemberStore members;
    private final UploadLimits limits;
    private final Clock clock;
    private final FileMetrics metrics;
    private final UploadsInFlight inFlight = new UploadsInFlight();

    public FileService(BlobStore blobs, FileObjectStore files, FileSessionStore sessions, ChatMemberStore members,
                       UploadLimits limits, Clock clock, FileMetrics metrics) {
        this.blobs = blobs;
        this.files = files;
        this.sessions = sessions;
        this.members = members;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public UploadLimits limits() {
        return limits;
    }

    public FileMetrics metrics() {
        return metrics;
    }

    /** The object keys of the uploads running now (the orphan sweep leaves them alone). */
    public UploadsInFlight uploadsInFlight() {
        return inFlight;
    }

    /** The user of a live session's sid; a missing or unknown sid is refused (401). */
    public Mono<Long> authenticate(String sid) {
        if (sid == null || sid.isBlank()) {
            return Mono.error(FileRequestRefusedException.unauthenticated(false));
        }
        return sessions.userOf(sid.trim()).switchIfEmpty(Mono.error(() -> FileRequestRefusedException.unauthenticated(true)));
    }

    private Mono<Void> requireMember(String gid, long userId, Function<String, FileRequestRefusedException> notMember) {
        return members.access(gid, userId).flatMap(access -> switch (access) {
            case MEMBER -> Mono.<Void>empty();
            case NOT_MEMBER -> Mono.error(notMember.apply(gid));
            case UNKNOWN_CHAT -> Mono.error(FileRequestRefusedException.chatNotFound(gid));
        });
    }

    /** attach/getList: the chat's files, for its members only. */
    public Mono<List<FileInfo>> list(String gid, long userId) {
        return requireMember(gid, userId, FileRequestRefusedException::notMemberList)
                .thenMany(files.ofChat(gid).map(StoredFile::toInfo))
                .collectList();
    }

    /** The file a download asks for, if the user may have it: 404 unknown, 403 not a member of its chat. */
    public Mono<StoredFile> findForDownload(String idText, long userId) {
        if (idText == null || idText.isBlank()) {
            return Mono.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.BAD_REQUEST,
                    "Say which file to download: add id=<file id> to the query."));
        }
        long id;
        try {
            id = Long.parseLong(idText == null ? "" : idText.trim());
        } catch (NumberFormatException e) {
            return Mono.error(FileRequestRefusedException.fileNotFound(idText));
        }
        return files.find(id)
                .switchIfEmpty(Mono.error(() -> FileRequestRefusedException.fileNotFound(idText)))
                .flatMap(file -> members.access(file.gid(), userId)
                        .flatMap(access -> access == ChatMembership.MEMBER ? Mono.just(file)
                                : Mono.error(FileRequestRefusedException.notMemberDownload())));
    }

    /**
     * Runs one upload: {@code receive} feeds the upload its chat and files as they arrive; then the rows
     * are written. All or nothing: on any refusal, error or cancellation, every object and row of this
     * upload is removed. If the query named the chat, it is checked before any byte is read.
     */
    public Mono<List<StoredFile>> upload(long userId, String queryGid, Function<Upload, Mono<Void>> receive) {
        return run(new Upload(userId, limits.maxFiles()), queryGid, receive);
    }

    /**
     * An upload whose body says who sends it (the 2.x clients: the form field {@code userID} comes after the
     * file): {@code receive} hands the body's claim to {@link Upload#uploader}; until it is proven nothing is
     * kept. At most {@code maxFiles} files (and never more than the configured limit).
     */
    public Mono<List<StoredFile>> uploadNamingItsUploader(int maxFiles, Function<Upload, Mono<Void>> receive) {
        return run(new Upload(null, Math.min(maxFiles, limits.maxFiles())), null, receive);
    }

    private Mono<List<StoredFile>> run(Upload upload, String queryGid, Function<Upload, Mono<Void>> receive) {
        Mono<Void> early = queryGid == null || queryGid.isBlank() ? Mono.empty() : upload.gid(queryGid);
        return Mono.usingWhen(Mono.just(upload),
                u -> early.then(Mono.defer(() -> receive.apply(u))).then(Mono.defer(u::finish)),
                u -> Mono.fromRunnable(u::settled),
                (u, error) -> u.discardThenSettle(),
                u -> u.discardThenSettle());
    }

    /** One upload request in progress. */
    public final class Upload {
        /** Who uploads: given, or proven by the body ({@link #uploader}); null until then. */
        private volatile Long userId;
        private final int maxFiles;
        /** A chat named before the uploader was known: its membership is checked once the uploader is. */
        private volatile String pendingGid;
        private final List<StoredFile> stored = Collections.synchronizedList(new ArrayList<>());
        private final List<String> startedKeys = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> insertedIds = Collections.synchronizedList(new ArrayList<>());
        /** Every key this upload chose, until its rows are committed or it is discarded. */
        private final List<String> keysInFlight = Collections.synchronizedList(new ArrayList<>());
        private volatile String gid;
        private int fileCount;

        Upload(Long userId, int maxFiles) {
            this.userId = userId;
            this.maxFiles = maxFiles;
        }

        /**
         * The chat the files are for (first one given wins); refused unless the user is a member (checked when
         * the uploader is known).
         */
        public Mono<Void> gid(String value) {
            if (gid != null || pendingGid != null || value == null || value.isBlank()) {
                return Mono.empty();
            }
            String chat = value.trim();
            Long user = userId;
            if (user == null) {
                pendingGid = chat;
                return Mono.empty();
            }
            return requireMember(chat, user, FileRequestRefusedException::notMemberUpload).doOnSuccess(ignored -> gid = chat);
        }

        /**
         * Who the body says uploads, proven by {@code proof} (which answers the user or refuses); the first claim
         * counts. A chat named before is checked now.
         */
        public Mono<Void> uploader(Mono<Long> proof) {
            if (userId != null) {
                return Mono.empty();
            }
            return proof.flatMap(user -> {
                userId = user;
                String chat = pendingGid;
                pendingGid = null;
                return chat == null ? Mono.<Void>empty() : gid(chat);
            });
        }

        /**
         * Stores one file as its bytes arrive; refused (413) as soon as it grows past the limit. A part
         * without a name and without content (a form's empty file input) is skipped.
         */
        public Mono<Void> file(String clientName, MediaType declaredType, Flux<DataBuffer> content) {
            return Mono.defer(() -> {
                if (++fileCount > maxFiles) {
                    return content.doOnNext(DataBufferUtils::release).then(Mono.error(new FileRequestRefusedException(
                            FileRequestRefusedException.Reason.TOO_MANY_FILES, maxFiles == 1
                            ? "Upload one file at a time: send the others in uploads of their own."
                            : "At most " + maxFiles + " files can be uploaded at once: send the others in another upload.")));
                }
                String title = FileNames.title(clientName);
                String type = FileNames.mediaType(declaredType, title);
                String key = ObjectKeys.newKey(clock);
                keysInFlight.add(key);
                inFlight.add(key);
                startedKeys.add(key);
                return blobs.put(key, limited(content, title), type)
                        .flatMap(size -> {
                            if (size == 0 && (clientName == null || clientName.isBlank())) {
                                fileCount--;
                                startedKeys.remove(key);
                                return blobs.delete(key);
                            }
                            // the uploader is set when the rows are written (it may not be known yet)
                            stored.add(new StoredFile(0, null, key, title, size, type, 0,
                                    clock.instant().getEpochSecond()));
                            return Mono.empty();
                        });
            });
        }

        private Flux<DataBuffer> limited(Flux<DataBuffer> content, String title) {
            long max = limits.maxFileSize();
            return Flux.defer(() -> {
                long[] total = {0};
                return content.handle((buffer, sink) -> {
                    total[0] += buffer.readableByteCount();
                    if (total[0] > max) {
                        DataBufferUtils.release(buffer);
                        sink.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.TOO_LARGE, "The file '" + FileRequestRefusedException.shorten(title)
                                + "' is larger than the limit of " + humanSize(max)
                                + " per file: send a smaller file or compress it."));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }

        Mono<List<StoredFile>> finish() {
            Long user = userId;
            if (user == null) {
                return Mono.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.BAD_REQUEST,
                        "Say who uploads: send the form field userID with your user id (a number)."));
            }
            if (gid == null) {
                return Mono.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.MISSING_GID, "Say which chat the files are for: "
                        + "add gid=<chat gid> to the query (or as a form field)."));
            }
            if (stored.isEmpty()) {
                return Mono.error(new FileRequestRefusedException(FileRequestRefusedException.Reason.EMPTY_UPLOAD, "The upload has no file: send each "
                        + "file as a multipart/form-data part named 'files' (or 'files[]' or 'file') with a file name."));
            }
            List<StoredFile> rows = List.copyOf(stored);
            return Flux.fromIterable(rows)
                    .concatMap(file -> files.insert(new StoredFile(0, gid, file.objectKey(), file.title(),
                            file.size(), file.type(), user, file.addedDate())))
                    .doOnNext(file -> insertedIds.add(file.id()))
                    .collectList()
                    .doOnNext(list -> list.forEach(file -> metrics.uploaded(file.size())));
        }

        /** The upload is over (rows committed, or everything discarded): its objects are ordinary now. */
        void settled() {
            synchronized (keysInFlight) {
                inFlight.removeAll(keysInFlight);
            }
        }

        /**
         * Discards, then leaves the in-flight registry before the refusal or error reaches the caller. Not
         * {@code doFinally}: that runs after the signal went downstream, so a caller (or a sweep it starts)
         * could still see the upload in flight after it was answered.
         */
        Mono<Void> discardThenSettle() {
            return discard().then(Mono.<Void>fromRunnable(this::settled)).doOnCancel(this::settled);
        }

        /** Removes every row and object of this upload (after a refusal, failure or cancellation). */
        Mono<Void> discard() {
            List<Long> ids = List.copyOf(insertedIds);
            List<String> keys = List.copyOf(startedKeys);
            return Flux.fromIterable(ids).concatMap(files::delete).then()
                    .then(Flux.fromIterable(keys).concatMap(key -> blobs.delete(key)
                            .onErrorResume(e -> {
                                log.warn("cannot remove {} of a discarded upload: {}", key, e.toString());
                                return Mono.empty();
                            })).then())
                    .onErrorResume(e -> {
                        log.warn("cannot discard an upload of user {}: {}", userId, e.toString());
                        return Mono.empty();
                    });
        }
    }

    static String humanSize(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return (bytes / (1024 * 1024)) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return (bytes / 1024) + " KiB";
        }
        return bytes + " bytes";
    }
}
