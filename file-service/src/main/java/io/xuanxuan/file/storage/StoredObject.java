package io.xuanxuan.file.storage;

import java.time.Instant;

/**
 * One thing a blob store holds, as {@link BlobStore#list()} finds it: a complete object under its key, or a
 * temporary leftover of a write to that key ({@code temporary}: a {@code .part} file of the local store).
 * {@code name} is what the store calls it (a path relative to the local store's directory, or the S3 key).
 */
public record StoredObject(String key, boolean temporary, Instant lastModified, String name) {
}
