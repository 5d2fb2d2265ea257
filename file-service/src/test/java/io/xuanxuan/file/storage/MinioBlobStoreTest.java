package io.xuanxuan.file.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the MinIO client against s3proxy (a real S3 server) in-process; a new bucket per test. */
class MinioBlobStoreTest extends BlobStoreContract {

    @TempDir
    static Path s3Root;
    static S3ProxyServer s3;

    String bucket;
    MinioBlobStore store;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer(s3Root);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "files-" + UUID.randomUUID().toString().substring(0, 8);
        store = s3.store(bucket);
    }

    @Override
    BlobStore store() {
        return store;
    }

    /** Every file s3proxy keeps for the bucket: objects and multipart parts alike. */
    @Override
    List<String> storedNames() throws Exception {
        Path dir = s3Root.resolve(bucket);
        if (!Files.exists(dir)) {
            return List.of();
        }
        return filesUnder(dir);
    }

    @Test
    void theBucketIsCreatedOnFirstUse() {
        assertThat(s3Root.resolve(bucket)).doesNotExist();
        String key = key();
        store.put(key, content(bytes(10, 1)), "text/plain").block(TIMEOUT);
        assertThat(s3Root.resolve(bucket)).isDirectory();
        assertThat(store.size(key).block(TIMEOUT)).isEqualTo(10);
        // an existing bucket is fine for a second store
        MinioBlobStore again = s3.store(bucket);
        again.ensureBucket().block(TIMEOUT);
        assertThat(again.size(key).block(TIMEOUT)).isEqualTo(10);
    }
}
