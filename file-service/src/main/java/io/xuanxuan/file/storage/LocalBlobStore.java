package io.xuanxuan.file.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousFileChannel;
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

    @Override
    public Mono<Long> put(String key, Flux<DataBuffer> content, String contentType) {
        return Mono.defer(() -> {
            Path target = path(key);
            Path temp = target.resolveSibling(target.getFileName() + PART_SUFFIX + UUID.randomUUID());
            AtomicLong written = new AtomicLong();
            AtomicBoolean cancelled = new AtomicBoolean();
            Mono<Long> write = Mono.fromCallable(() -> Files.createDirectories(target.getParent()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .thenMany(Flux.using(
                            () -> AsynchronousFileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE),
                            channel -> DataBufferUtils.write(
                                    content.doOnNext(buffer -> written.addAndGet(buffer.readableByteCount())),
                                    channel),
                            LocalBlobStore::close))
                    .doOnNext(DataBufferUtils::release)
                    .then(Mono.fromCallable(() -> {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        if (cancelled.get()) {
                            // cancelled while moving: the caller has given up on this object
                            Files.deleteIfExists(target);
                        }
                        return written.get();
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
