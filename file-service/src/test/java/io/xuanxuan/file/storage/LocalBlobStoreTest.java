package io.xuanxuan.file.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path temp;
    Path root;
    LocalBlobStore store;

    @BeforeEach
    void createStore() {
        root = temp.resolve("not/yet/there");
        store = new LocalBlobStore(root);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    List<String> storedNames() throws Exception {
        return filesUnder(root);
    }

    @Test
    void theDirectoryIsCreatedAndObjectsAreFilesUnderTheirKey() {
        assertThat(root).isDirectory();
        String key = key();
        store.put(key, content(bytes(10, 9)), null).block(TIMEOUT);
        assertThat(root.resolve(key)).isRegularFile().hasSize(10);
    }
}
