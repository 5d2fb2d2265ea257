package io.xuanxuan.standalone;

import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.file.store.FileObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;

/** The file suites against the standalone server: files on its one port, in the local store. */
abstract class FileServerTest extends StandaloneServerTest implements FileProtocolSupport {

    @Autowired
    BlobStore fileBlobStore;

    @Autowired
    FileObjectStore fileObjects;

    @Override
    public int filePort() {
        return port;
    }

    /** Every file in the local blob store's directory (objects and temporary parts). */
    @Override
    public List<String> storedObjects() {
        return storedObjects(fileBlobStore);
    }

    @Override
    public long rows() {
        return rows(fileObjects);
    }

    /** What {@link #storedObjects()} answers for a server's blob store (FileServerTcpTest's too). */
    static List<String> storedObjects(BlobStore fileBlobStore) {
        Path root = ((LocalBlobStore) fileBlobStore).root();
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                // a file vanished during the walk (a clean-up running): look again
                if (attempt > 20) {
                    throw new AssertionError("cannot list " + root, e);
                }
            }
        }
    }

    static long rows(FileObjectStore fileObjects) {
        return fileObjects.count().block(WAIT);
    }
}
