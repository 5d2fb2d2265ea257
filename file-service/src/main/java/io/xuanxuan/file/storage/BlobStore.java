package io.xuanxuan.file.storage;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The blob store port: where the bytes of files live. Two adapters: {@link LocalBlobStore} (a directory,
 * the standalone default) and {@link MinioBlobStore} (MinIO or any S3-compatible store). Keys are made
 * by the server ({@link ObjectKeys}), never from a client's file name.
 *
 * <p>Contract, checked by one test suite on both adapters:
 * <ul>
 *   <li>{@link #put} streams the content into the key and completes with the number of bytes stored.
 *       It never holds the whole content in memory. It consumes (and releases) every buffer. If the
 *       content errors, or the subscription is cancelled, nothing is left under the key (nor any
 *       partial or temporary object), and the error is passed on. Writing a key that exists replaces it.</li>
 *   <li>{@link #read} streams bytes {@code [offset, offset + length)} ({@code length < 0}: to the end);
 *       a missing key errors with {@link BlobNotFoundException}.</li>
 *   <li>{@link #size} is the stored size, or empty for a missing key.</li>
 *   <li>{@link #delete} removes the key; deleting a missing key is not an error.</li>
 *   <li>{@link #list} finds every complete object and every temporary leftover of a write (e.g. one a crash
 *       interrupted), with its last modification time; {@link #remove} removes one of them. Stores that
 *       cannot list answer nothing (the orphan sweep then has nothing to do).</li>
 *   <li>No method blocks the calling thread.</li>
 * </ul>
 */
public interface BlobStore {

    Mono<Long> put(String key, Flux<DataBuffer> content, String contentType);

    Flux<DataBuffer> read(String key, long offset, long length);

    Mono<Long> size(String key);

    Mono<Void> delete(String key);

    /** Every object and temporary leftover the store holds (for the orphan sweep); none by default. */
    default Flux<StoredObject> list() {
        return Flux.empty();
    }

    /** Removes one thing {@link #list} found; removing what is gone already is not an error. */
    default Mono<Void> remove(StoredObject object) {
        return object.temporary() ? Mono.empty() : delete(object.key());
    }

    /** What this store is, for logs: e.g. {@code local directory /data/files}. */
    String describe();
}
