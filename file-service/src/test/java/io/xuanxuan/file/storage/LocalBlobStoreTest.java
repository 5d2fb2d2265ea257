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

    @Test
    void aWriteLeftoverIsListedAsTemporaryOfItsKeyAndStrangersAreNotListed() throws Exception {
        String key = key();
        Path leftover = root.resolve(key + LocalBlobStore.PART_SUFFIX + java.util.UUID.randomUUID());
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[] {1, 2, 3});
        Files.writeString(root.resolve("notes.txt"), "not an object of the store");
        Files.writeString(leftover.resolveSibling("not-a-key.part-1"), "nor this");

        List<StoredObject> listed = store.list().collectList().block(TIMEOUT);
        assertThat(listed).hasSize(1);
        StoredObject temporary = listed.get(0);
        assertThat(temporary.key()).isEqualTo(key);
        assertThat(temporary.temporary()).isTrue();
        assertThat(root.resolve(temporary.name())).isEqualTo(leftover);

        store.remove(temporary).block(TIMEOUT);
        assertThat(leftover).doesNotExist();
        assertThat(root.resolve("notes.txt")).exists();
        assertThat(store.list().collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    void removeRefusesWhatIsNotAnObjectOfTheStore() throws Exception {
        Files.writeString(temp.resolve("outside"), "keep");
        StoredObject escape = new StoredObject(key(), true, java.time.Instant.EPOCH, "../../../outside");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.remove(escape).block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(temp.resolve("outside")).exists();
    }
}
