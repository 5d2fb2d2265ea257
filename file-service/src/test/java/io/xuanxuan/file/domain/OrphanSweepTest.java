package io.xuanxuan.file.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.file.storage.ObjectKeys;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sweep of what a crash leaves in the local store: it removes old temporary files and old objects
 * without a row, and never an object with a row, a young one, or one of an upload still running.
 */
class OrphanSweepTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIN_AGE = Duration.ofHours(1);
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant OLD = NOW.minus(MIN_AGE).minusSeconds(1);
    private static final Instant YOUNG = NOW.minus(MIN_AGE).plusSeconds(60);

    @TempDir
    Path temp;
    Path root;
    LocalBlobStore blobs;
    FileObjectStore files;
    ChatMemberStore members;
    FileSessionStore sessions;
    UploadsInFlight inFlight;
    OrphanSweep sweep;

    @BeforeEach
    void setUp() {
        root = temp.resolve("files");
        blobs = new LocalBlobStore(root);
        DatabaseClient db = TestDatabases.create(Engine.H2, "file");
        files = new FileObjectStore(db);
        members = new ChatMemberStore(db);
        sessions = new FileSessionStore(db);
        inFlight = new UploadsInFlight();
        sweep = new OrphanSweep(blobs, files, inFlight, MIN_AGE, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    private Path object(String key, Instant modified) throws Exception {
        Path path = root.resolve(key);
        Files.createDirectories(path.getParent());
        Files.writeString(path, key);
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    private Path leftover(String key, Instant modified) throws Exception {
        return object(key + ".part-" + UUID.randomUUID(), modified);
    }

    private static String newKey() {
        return ObjectKeys.newKey(Clock.systemUTC());
    }

    private void row(String key) {
        files.insert(new StoredFile(0, "g1", key, "a.txt", 3, "text/plain", 7, 1)).block(TIMEOUT);
    }

    @Test
    void oldLeftoversAndOldObjectsWithoutARowGoEverythingElseStays() throws Exception {
        String withRow = newKey();
        Path kept = object(withRow, OLD);
        row(withRow);
        Path orphan = object(newKey(), OLD);
        Path youngOrphan = object(newKey(), YOUNG);
        Path oldPart = leftover(newKey(), OLD);
        Path youngPart = leftover(newKey(), YOUNG);
        String running = newKey();
        Path runningObject = object(running, OLD);
        Path runningPart = leftover(running, OLD);
        inFlight.add(running);
        Path stranger = root.resolve("README.txt");
        Files.writeString(stranger, "not the store's");
        Files.setLastModifiedTime(stranger, FileTime.from(OLD));

        OrphanSweep.Result result = sweep.sweep().block(TIMEOUT);

        assertThat(result).isEqualTo(new OrphanSweep.Result(1, 1));
        assertThat(orphan).doesNotExist();
        assertThat(oldPart).doesNotExist();
        assertThat(kept).as("an object with a row").exists();
        assertThat(youngOrphan).as("younger than the minimum age").exists();
        assertThat(youngPart).as("younger than the minimum age").exists();
        assertThat(runningObject).as("an upload in flight").exists();
        assertThat(runningPart).as("an upload in flight").exists();
        assertThat(stranger).as("not an object of the store").exists();

        // once the upload is over without a row, its object is an orphan like any other
        inFlight.removeAll(List.of(running));
        assertThat(sweep.sweep().block(TIMEOUT)).isEqualTo(new OrphanSweep.Result(1, 1));
        assertThat(runningObject).doesNotExist();
        assertThat(kept).exists();
    }

    @Test
    void anEmptyStoreIsNoWork() {
        assertThat(sweep.sweep().block(TIMEOUT)).isEqualTo(new OrphanSweep.Result(0, 0));
    }

    @Test
    void aNegativeMinimumAgeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OrphanSweep(blobs, files, inFlight,
                Duration.ofSeconds(-1), Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Through the real upload: an object stored but not yet given its row (the upload still reading its other
     * files) is in flight and survives a sweep that counts everything as old; after the upload its row keeps
     * it; a refused upload leaves the registry empty.
     */
    @Test
    void theObjectsOfARunningUploadAreNeverSwept() {
        Clock later = Clock.offset(Clock.systemUTC(), MIN_AGE.multipliedBy(2));
        FileService service = new FileService(blobs, files, sessions, members, new UploadLimits(1 << 20, 5),
                Clock.systemUTC(), new FileMetrics(null));
        OrphanSweep everythingOld = new OrphanSweep(blobs, files, service.uploadsInFlight(), MIN_AGE, later);
        members.replaceMembers("g1", List.of(7L), 1).block(TIMEOUT);
        List<OrphanSweep.Result> during = new ArrayList<>();

        List<StoredFile> stored = service.upload(7, "g1", upload -> upload.file("a.txt", MediaType.TEXT_PLAIN,
                        content("first file"))
                .then(everythingOld.sweep().doOnNext(during::add))
                .then(upload.file("b.txt", MediaType.TEXT_PLAIN, content("second file")))
                .then(everythingOld.sweep().doOnNext(during::add))
                .then()).block(TIMEOUT);

        assertThat(during).containsExactly(new OrphanSweep.Result(0, 0), new OrphanSweep.Result(0, 0));
        assertThat(stored).hasSize(2);
        assertThat(service.uploadsInFlight().size()).isZero();
        assertThat(everythingOld.sweep().block(TIMEOUT)).as("objects with rows").isEqualTo(new OrphanSweep.Result(0, 0));
        assertThat(storedFiles()).hasSize(2);

        // a refused upload (no chat) removes its objects and leaves nothing in flight
        Mono<List<StoredFile>> refused = service.upload(7, null, upload -> upload.file("c.txt", MediaType.TEXT_PLAIN,
                content("third file")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.block(TIMEOUT)).isInstanceOf(FileRequestRefusedException.class);
        assertThat(service.uploadsInFlight().size()).isZero();
        assertThat(storedFiles()).hasSize(2);
    }

    private static Flux<DataBuffer> content(String text) {
        return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(
                text.getBytes(StandardCharsets.UTF_8))));
    }

    private List<Path> storedFiles() {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
