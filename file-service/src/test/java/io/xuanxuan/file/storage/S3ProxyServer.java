package io.xuanxuan.file.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** s3proxy, a real S3 server, in-process on 127.0.0.1 (random port), keeping objects under a directory. */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private final S3Proxy proxy;
    private final Path root;

    public S3ProxyServer(Path root) throws Exception {
        this.root = root;
        this.proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Awaitility.await("s3proxy started").atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(proxy.getState()));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public Path root() {
        return root;
    }

    public MinioBlobStore store(String bucket) {
        return MinioBlobStore.create(endpoint(), ACCESS_KEY, SECRET_KEY, bucket, "us-east-1",
                MinioBlobStore.MIN_PART_SIZE);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
