package io.xuanxuan.standalone;

import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.store.FileObjectStore;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The file suites against the standalone server with the 1.0 client's TCP door on: files over HTTP on its one
 * port (as the 1.0 client uploads them), the chat side (login, create, attach/getList, messages) over TCP; the
 * shared TCP context of {@link StandaloneTcpServerTest}, with its own file directory.
 */
abstract class FileServerTcpTest extends StandaloneTcpServerTest implements FileProtocolSupport {

    @Autowired
    BlobStore fileBlobStore;

    @Autowired
    FileObjectStore fileObjects;

    @Override
    public int filePort() {
        return port;
    }

    @Override
    public List<String> storedObjects() {
        return FileServerTest.storedObjects(fileBlobStore);
    }

    @Override
    public long rows() {
        return FileServerTest.rows(fileObjects);
    }
}
