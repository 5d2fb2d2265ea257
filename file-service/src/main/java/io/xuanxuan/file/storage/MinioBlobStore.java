package io.xuanxuan.file.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blobs in a bucket of MinIO or any S3-compatible store, through the MinIO Java client.
 *
 * <p>Uploads stream: the content is cut into parts of {@code partSize} bytes; content that fits in one
 * part is one PUT, anything larger a multipart upload whose parts are sent as they fill. At most two
 * parts per upload are in memory (one being sent, one filling). A failed or cancelled upload is aborted
 * and its key removed, once the call in flight has settled. Downloads stream the GET response.
 *
 * <p>Every client call starts on {@link Schedulers#boundedElastic()} (the client signs and hashes on the
 * calling thread, and reading a response body blocks), never on a Netty thread. The bucket is created
 * on first use if missing.
 */
public class MinioBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(MinioBlobStore.class);
    /** S3's smallest part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int READ_BUFFER_SIZE = 64 * 1024;

    private final MinioAsyncClient client;
    private final String bucket;
    private final String region;
    private final int partSize;
    private final String endpoint;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
    private final Mono<Void> bucketReady;
    private final java.util.concurrent.atomic.AtomicBoolean bucketKnown = new java.util.concurrent.atomic.AtomicBoolean();
    /** The bucket's creation, while it runs or once it succeeded (guarded by this). */
    private Mono<Void> creation;

    public MinioBlobStore(MinioAsyncClient client, String endpoint, String bucket, String region, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes (S3's minimum)");
        }
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.region = region == null || region.isBlank() ? null : region;
        this.partSize = partSize;
        // once the bucket exists it stays; a failure (store not reachable yet) is tried again next time
        this.bucketReady = Mono.defer(() -> bucketKnown.get() ? Mono.<Void>empty() : sharedCreation());
    }

    /**
     * The one creation of the bucket under way, shared by every upload that finds the bucket unknown: uploads
     * racing to make it each found it missing and each made it, and an S3 store (s3proxy's file system) may
     * then lose an object being written into the bucket made first. A failed creation is forgotten, so the next
     * upload tries again.
     */
    private synchronized Mono<Void> sharedCreation() {
        if (creation == null) {
            creation = ensureBucket()
                    .doOnSuccess(ignored -> bucketKnown.set(true))
                    .doOnError(error -> forgetCreation())
                    .cache();
        }
        return creation;
    }

    private synchronized void forgetCreation() {
        creation = null;
    }

    public static MinioBlobStore create(String endpoint, String accessKey, String secretKey, String bucket,
                                        String region, int partSize) {
        MinioAsyncClient.Builder builder = MinioAsyncClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
        if (region != null && !region.isBlank()) {
            builder.region(region);
        }
        return new MinioBlobStore(builder.build(), endpoint, bucket, region, partSize);
    }

    /** Creates the bucket if it is missing; completes when it exists. */
    public Mono<Void> ensureBucket() {
        return call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).region(region).build()), null)
                .flatMap(exists -> exists ? Mono.<Void>empty()
                        : call(() -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build()), null)
                                .onErrorResume(e -> hasCode(e, "BucketAlreadyOwnedByYou", "BucketAlreadyExists"),
                                        e -> Mono.empty())
                                .doOnSuccess(ignored -> log.info("created bucket {} on {}", bucket, endpoint))
                                .then());
    }

    @Override
    public Mono<Long> put(String key, Flux<DataBuffer> content, String contentType) {
        return Mono.defer(() -> {
            ObjectKeys.requireValid(key);
            Upload upload = new Upload(key, contentType == null || contentType.isBlank()
                    ? "application/octet-stream" : contentType);
            return Mono.usingWhen(Mono.just(upload),
                    u -> bucketReady.thenMany(Chunks.of(content, partSize))
                            .concatMap(u::send, 1)
                            .then(Mono.defer(u::finish)),
                    u -> Mono.empty(),
                    (u, error) -> u.discard(),
                    Upload::discard);
        });
    }

    /** One object being written: a single PUT, or a multipart upload once the content exceeds a part. */
    private final class Upload {
        private final String key;
        private final String contentType;
        private final List<Part> parts = new ArrayList<>();
        private volatile String uploadId;
        private volatile CompletableFuture<?> inFlight;
        private boolean discarded;
        private long size;

        Upload(String key, String contentType) {
            this.key = key;
            this.contentType = contentType;
        }

        Mono<Void> send(Chunks.Chunk chunk) {
            size += chunk.length();
            if (parts.isEmpty() && uploadId == null && chunk.length() < partSize) {
                // the first chunk is short, so it is the only one: a plain PUT
                return guarded(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).region(region).object(key)
                        .stream(new ByteArrayInputStream(chunk.bytes(), 0, chunk.length()), chunk.length(), -1)
                        .contentType(contentType).build())).then();
            }
            Mono<String> id = uploadId != null ? Mono.just(uploadId)
                    // the id is kept by the future itself, so a discard after a cancel still knows what to abort
                    : guarded(() -> client.createMultipartUploadAsync(bucket, region, key,
                                    com.google.common.collect.ImmutableMultimap.of("Content-Type", contentType), null)
                            .thenApply(response -> uploadId = response.result().uploadId()));
            int number = parts.size() + 1;
            return id.flatMap(upload -> guarded(() -> client.uploadPartAsync(bucket, region, key, chunk.bytes(),
                    chunk.length(), upload, number, null, null)))
                    .doOnNext(response -> parts.add(new Part(number, response.etag())))
                    .then();
        }

        Mono<Long> finish() {
            if (uploadId == null) {
                return Mono.just(size);
            }
            Part[] all = parts.toArray(new Part[0]);
            return guarded(() -> client.completeMultipartUploadAsync(bucket, region, key, uploadId, all, null, null))
                    .doOnNext(ignored -> uploadId = null)
                    .thenReturn(size);
        }

        /**
         * Starts a call of this upload unless it has been discarded; the discard then waits for it. Start
         * and discard are serialized, so no request of a discarded upload can reach the store after the
         * discard looked at what was in flight.
         */
        <T> Mono<T> guarded(Call<T> call) {
            return call(() -> {
                synchronized (this) {
                    if (discarded) {
                        throw new java.util.concurrent.CancellationException("the upload of " + key + " was discarded");
                    }
                    CompletableFuture<T> future = call.start();
                    inFlight = future;
                    return future;
                }
            }, null);
        }

        /** After the call in flight settles: abort the multipart upload, remove whatever landed. */
        Mono<Void> discard() {
            CompletableFuture<?> last;
            synchronized (this) {
                discarded = true;
                last = inFlight;
            }
            Mono<Void> settled = last == null ? Mono.empty()
                    : Mono.fromFuture(last.handle((r, e) -> null), true).then();
            return settled
                    .then(Mono.defer(() -> {
                        String id = uploadId;
                        return id == null ? Mono.<Void>empty()
                                : call(() -> client.abortMultipartUploadAsync(bucket, region, key, id, null, null), null)
                                        .then();
                    }))
                    .onErrorResume(e -> {
                        log.warn("cannot abort the multipart upload of {}: {}", key, e.toString());
                        return Mono.empty();
                    })
                    .then(delete(key))
                    .onErrorResume(e -> {
                        log.warn("cannot remove {} after a failed upload: {}", key, e.toString());
                        return Mono.empty();
                    });
        }
    }

    @Override
    public Flux<DataBuffer> read(String key, long offset, long length) {
        if (offset < 0) {
            return Flux.error(new IllegalArgumentException("offset < 0"));
        }
        if (length == 0) {
            return size(key).switchIfEmpty(Mono.error(() -> new BlobNotFoundException(key))).thenMany(Flux.empty());
        }
        return Mono.fromCallable(() -> {
                    GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).region(region)
                            .object(ObjectKeys.requireValid(key));
                    if (offset > 0) {
                        args.offset(offset);
                    }
                    if (length > 0) {
                        args.offset(offset).length(length);
                    }
                    return (InputStream) client.getObject(args.build()).get();
                })
                .onErrorMap(MinioBlobStore::unwrap)
                .onErrorMap(e -> hasCode(e, "NoSuchKey", "NoSuchBucket"), e -> new BlobNotFoundException(key, e))
                .flatMapMany(stream -> DataBufferUtils.readInputStream(() -> stream, buffers, READ_BUFFER_SIZE))
                .onErrorResume(e -> hasCode(e, "InvalidRange"), e -> Flux.empty())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Long> size(String key) {
        return call(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).region(region)
                .object(ObjectKeys.requireValid(key)).build()), null)
                .map(stat -> stat.size())
                .onErrorResume(e -> hasCode(e, "NoSuchKey", "NoSuchObject", "NotFound", "NoSuchBucket"), e -> Mono.empty());
    }

    @Override
    public Mono<Void> delete(String key) {
        return call(() -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).region(region)
                .object(ObjectKeys.requireValid(key)).build()), null)
                .then();
    }

    /**
     * Every object of the bucket with a key of this server's shape. Incomplete multipart uploads are not
     * listed: the client aborts its own when an upload fails; those of a crash are for the bucket's lifecycle
     * rule (AbortIncompleteMultipartUpload) to remove. Iterating the listing blocks, on boundedElastic.
     */
    @Override
    public Flux<StoredObject> list() {
        return Flux.defer(() -> Flux.fromIterable(client.listObjects(
                        ListObjectsArgs.builder().bucket(bucket).region(region).recursive(true).build())))
                .map(result -> {
                    try {
                        return result.get();
                    } catch (Exception e) {
                        throw Exceptions.propagate(e);
                    }
                })
                .filter(item -> !item.isDir() && ObjectKeys.isValid(item.objectName()))
                .map(item -> new StoredObject(item.objectName(), false, item.lastModified().toInstant(),
                        item.objectName()))
                .onErrorMap(Exceptions::unwrap)
                .onErrorResume(e -> hasCode(e, "NoSuchBucket"), e -> Flux.empty())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public String describe() {
        return "S3 bucket " + bucket + " on " + endpoint;
    }

    @FunctionalInterface
    private interface Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    /**
     * Starts a client call on boundedElastic. Cancelling the Mono does not cancel the request (so the
     * store knows when it has settled, see {@link Upload#discard()}).
     */
    private static <T> Mono<T> call(Call<T> call, java.util.function.Consumer<CompletableFuture<?>> tracker) {
        return Mono.defer(() -> {
                    CompletableFuture<T> future;
                    try {
                        future = call.start();
                    } catch (Exception e) {
                        return Mono.error(e);
                    }
                    if (tracker != null) {
                        tracker.accept(future);
                    }
                    return Mono.fromFuture(future, true);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(MinioBlobStore::unwrap);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean hasCode(Throwable error, String... codes) {
        Throwable e = unwrap(error);
        if (e instanceof BlobNotFoundException && e.getCause() != null) {
            e = unwrap(e.getCause());
        }
        if (e instanceof ErrorResponseException response && response.errorResponse() != null) {
            String code = response.errorResponse().code();
            for (String wanted : codes) {
                if (wanted.equals(code)) {
                    return true;
                }
            }
        }
        return false;
    }
}
