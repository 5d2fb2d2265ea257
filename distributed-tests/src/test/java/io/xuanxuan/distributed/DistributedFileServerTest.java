package io.xuanxuan.distributed;

import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.standalone.FileProtocolSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The file suites against the file service running apart, storing in an S3 server (s3proxy). */
abstract class DistributedFileServerTest extends DistributedClusterTest implements FileProtocolSupport {

    @Override
    public int filePort() {
        return cluster.port("file");
    }

    /** Every object the S3 server holds (it keeps them as files under its directory). */
    @Override
    public List<String> storedObjects() {
        Path root = cluster.s3Root();
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt > 20) {
                    throw new AssertionError("cannot list " + root, e);
                }
            }
        }
    }

    @Override
    public long rows() {
        return cluster.bean("file", FileObjectStore.class).count().block(WAIT);
    }
}
