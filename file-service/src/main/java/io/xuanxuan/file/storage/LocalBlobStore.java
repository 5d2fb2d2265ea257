package io.xuanxuan.file.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blobs as files under a directory: key {@code 2026/11/<uuid>} is the file {@code <root>/2026/11/<uuid>}.
 * A write goes to {@code <uuid>.part-<random>} beside it and is moved into place once complete, so a
 * reader never sees half a file and a failed or cancelled write leaves nothing. File channels are
 * asynchronous; what blocks (opening, creating directories, moving, deleting) runs on
 * {@link Schedulers#boundedElastic()}.
 */
public class LocalBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(LocalBlobStore.class);
    static final String PART_SUFFIX = ".part-";
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Bytes copied out of the request buffers per file write. */
    private static final int WRITE_CHUNK_SIZE = 64 * 1024;

    private final Path root;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

    /** Creates the directory if it is missing. */
    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    private Path path(String key) {
        Path path = root.resolve(ObjectKeys.requireValid(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key outside the store: " + key);
        }
        return path;
    }

    /**
     * Writes the content to a temporary file beside the key, then moves it into place.
     *
     * <p>Buffer ownership: each buffer of {@code content} is copied into a chunk the store owns and released
     * at once, in the same {@code onNext}, by {@link Chunks} (the only place that releases them; a buffer
     * not yet consumed when the write is cancelled is released by its discard hook). The file channel
     * only ever sees those chunks. So a cancel, a refusal or a closed channel can never release memory an
     * asynchronous write is still reading.
     *
     * <p>This replaces {@code DataBufferUtils.write(content, channel)} with its release downstream: there a
     * buffer belonged to the channel until its write completed, and a cancel (a refused or abandoned
     * upload) while a write was in flight left the buffer to a completion that arrived after the
     * subscription had gone: it was dropped unreleased (Netty reported LEAK), and the request buffers
     * shared between the multipart parser, the size limit and the writer were owned by whichever thread
     * got there first.
     */
    @Override
    public Mono<Long> put(String key, Flux<DataBuffer> content, String contentType) {
        return Mono.defer(() -> {
            Path target = path(key);
            Path temp = target.resolveSibling(target.getFileName() + PART_SUFFIX + UUID.randomUUID());
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean complete = new AtomicBoolean();
            Mono<Long> write = Mono.fromCallable(() -> Files.createDirectories(target.getParent()))
                    .subscribeOn(Schedulers.boundedElastic())
                    // opened while subscribing (on the boundedElastic thread that made the directories), so a
                    // cancel can never come between the file being created and its clean-up being registered;
                    // the clean-up closes the channel and, unless everything was written, removes the file
                    .then(Mono.using(
                            () -> AsynchronousFileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE),
                            channel -> writeAll(channel, content).doOnSuccess(ignored -> complete.set(true)),
                            channel -> {
                                close(channel);
                                if (!complete.get()) {
                                    Schedulers.boundedElastic().schedule(() -> deleteQuietly(temp));
                                }
                            }))
                    .flatMap(written -> Mono.fromCallable(() -> {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        if (cancelled.get()) {
                            // cancelled while moving: the caller has given up on this object
                            Files.deleteIfExists(target);
                        }
                        return written;
                    }).subscribeOn(Schedulers.boundedElastic()));
            return write
                    .onErrorResume(error -> Mono.fromRunnable(() -> deleteQuietly(temp))
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(Mono.error(error)))
                    .doOnCancel(() -> {
                        cancelled.set(true);
                        Schedulers.boundedElastic().schedule(() -> {
                            deleteQuietly(temp);
                            deleteQuietly(target);
                        });
                    });
        });
    }

    /** Writes the chunks one after the other at their offsets; completes with the number of bytes written. */
    private static Mono<Long> writeAll(AsynchronousFileChannel channel, Flux<DataBuffer> content) {
        AtomicLong position = new AtomicLong();
        return Chunks.of(content, WRITE_CHUNK_SIZE)
                .concatMap(chunk -> writeFully(channel, ByteBuffer.wrap(chunk.bytes(), 0, chunk.length()),
                        position.get()).doOnSuccess(ignored -> position.addAndGet(chunk.length())), 1)
                .then(Mono.fromSupplier(position::get));
    }

    /**
     * Writes all of {@code bytes} at {@code position}. The bytes are the store's own (not reference
     * counted), so a cancel needs to release nothing; a write that fails after the cancel (its channel
     * was closed under it) is expected and not reported.
     */
    private static Mono<Void> writeFully(AsynchronousFileChannel channel, ByteBuffer bytes, long position) {
        if (!bytes.hasRemaining()) {
            return Mono.empty();
        }
        return Mono.create(sink -> {
            AtomicBoolean abandoned = new AtomicBoolean();
            sink.onCancel(() -> abandoned.set(true));
            CompletionHandler<Integer, Long> handler = new CompletionHandler<>() {
                @Override
                public void completed(Integer count, Long at) {
                    if (!bytes.hasRemaining()) {
                        sink.success();
                        return;
                    }
                    long next = at + count;
                    try {
                        channel.write(bytes, next, next, this);
                    } catch (RuntimeException e) {
                        failed(e, next);
                    }
                }

                @Override
                public void failed(Throwable error, Long at) {
                    if (abandoned.get()) {
                        log.debug("a write after the upload was cancelled failed: {}", error.toString());
                        sink.success();
                    } else {
                        sink.error(error);
                    }
                }
            };
            try {
                channel.write(bytes, position, position, handler);
            } catch (RuntimeException e) {
                handler.failed(e, position);
            }
        });
    }

    @Override
    public Flux<DataBuffer> read(String key, long offset, long length) {
        if (offset < 0) {
            return Flux.error(new IllegalArgumentException("offset < 0"));
        }
        if (length == 0) {
            return size(key).switchIfEmpty(Mono.error(() -> new BlobNotFoundException(key))).thenMany(Flux.empty());
        }
        return Mono.fromCallable(() -> AsynchronousFileChannel.open(path(key), StandardOpenOption.READ))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(NoSuchFileException.class, e -> new BlobNotFoundException(key, e))
                .flatMapMany(channel -> {
                    Flux<DataBuffer> all = DataBufferUtils.readAsynchronousFileChannel(() -> channel, offset, buffers,
                            READ_BUFFER_SIZE);
                    return length < 0 ? all : DataBufferUtils.takeUntilByteCount(all, length);
                });
    }

    @Override
    public Mono<Long> size(String key) {
        return Mono.fromCallable(() -> {
            Path path = path(key);
            return Files.isRegularFile(path) ? Files.size(path) : null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> delete(String key) {
        return Mono.fromCallable(() -> Files.deleteIfExists(path(key)))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /**
     * Walks the directory: a file named like a key is an object, a {@code <key>.part-<random>} file a write's
     * temporary leftover; anything else is not this store's and is never listed. Files that vanish during
     * the walk (a write moving into place, a delete) are skipped.
     */
    @Override
    public Flux<StoredObject> list() {
        return Flux.using(() -> Files.walk(root), paths -> Flux.fromStream(paths
                                .filter(Files::isRegularFile)
                                .map(this::stored)
                                .flatMap(Optional::stream)),
                        Stream::close)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Optional<StoredObject> stored(Path file) {
        String name = root.relativize(file).toString().replace(File.separatorChar, '/');
        int part = name.indexOf(PART_SUFFIX);
        String key = part < 0 ? name : name.substring(0, part);
        if (!ObjectKeys.isValid(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredObject(key, part >= 0, Files.getLastModifiedTime(file).toInstant(),
                    name));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Mono<Void> remove(StoredObject object) {
        return Mono.fromCallable(() -> {
                    Path path = root.resolve(object.name()).normalize();
                    if (!path.startsWith(root) || !object.name().startsWith(ObjectKeys.requireValid(object.key()))) {
                        throw new IllegalArgumentException("not an object of this store: " + object.name());
                    }
                    return Files.deleteIfExists(path);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    @Override
    public String describe() {
        return "local directory " + root;
    }

    private static void close(AsynchronousFileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a file channel failed", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.toString());
        }
    }
}
