package io.xuanxuan.file.storage;

/** The key has no object in the blob store. */
public class BlobNotFoundException extends RuntimeException {

    public BlobNotFoundException(String key) {
        super("no object under key " + key);
    }

    public BlobNotFoundException(String key, Throwable cause) {
        super("no object under key " + key, cause);
    }
}
