package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.testclient.ProtocolClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the standalone server in the middle of an upload stream: two clients upload files back to back
 * while a third upload (a small file, then a large one that stalls) is cut by the kill, leaving a
 * stored file without a row and a temporary {@code .part} file. After a restart on the same data directory,
 * every acknowledged upload must be downloadable with the same bytes, no file id may be handed out twice,
 * and the start-up sweep must have removed the leftovers: the store then holds exactly the files that have a
 * row.
 */
class KillNineUploadsTest implements FileProtocolSupport {

    private static final int BEFORE_KILL = 40;

    @TempDir
    Path work;

    private volatile int port;

    @Override
    public int nextPort() {
        return port;
    }

    @Override
    public int filePort() {
        return port;
    }

    @Override
    public TestClock clock() {
        throw new UnsupportedOperationException("the server runs in another process");
    }

    @Override
    public AccountStore accounts() {
        throw new UnsupportedOperationException("the server runs in another process");
    }

    @Override
    public long rows() {
        throw new UnsupportedOperationException("the server runs in another process");
    }

    @Override
    public List<String> storedObjects() {
        return storedIn(work.resolve("data").resolve("files"));
    }

    /** One uploader's acknowledged files: id to content. */
    private static final class Acknowledged {
        final Map<Long, byte[]> files = new LinkedHashMap<>();
        volatile int count;
    }

    @Test
    void everyAcknowledgedUploadSurvivesAKillAndLeftoversAreSwept() throws Exception {
        Path data = work.resolve("data");
        Path store = data.resolve("files");
        Acknowledged first = new Acknowledged();
        Acknowledged second = new Acknowledged();
        byte[] cutShort = random(20_000, 99);
        String gid;
        try (StandaloneProcess server = StandaloneProcess.start(data, "uploads-1")) {
            port = server.port();
            try (ProtocolClient alice = fileUser("alice")) {
                gid = groupChat(alice);
                String sid = alice.sid;
                AtomicBoolean stop = new AtomicBoolean();
                // a small file that is stored, then a large one that stalls: the kill comes while it streams
                CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(() -> post(
                        "/api/attach/upload?gid=" + gid + "&sid=" + sid,
                        new Multipart().file("files", "stored-first.bin", "application/octet-stream", cutShort)
                                .file("files", "cut-short.bin", "application/octet-stream", 16L << 20,
                                        () -> new StalledStream(stop))));
                CompletableFuture<Void> one = CompletableFuture.runAsync(() -> upload(sid, gid, first, 1, stop::get));
                CompletableFuture<Void> two = CompletableFuture.runAsync(() -> upload(sid, gid, second, 2, stop::get));
                boolean[] midStreamSeen = new boolean[1];
                Waits.within(Duration.ofSeconds(60), Duration.ofMillis(10), () -> {
                    midStreamSeen[0] = first.count >= BEFORE_KILL && second.count >= BEFORE_KILL
                            && !parts(store).isEmpty() && contains(store, cutShort);
                    return midStreamSeen[0] || one.isDone() || two.isDone();
                });
                boolean midStream = midStreamSeen[0];
                if (one.isDone() || two.isDone()) {
                    stop.set(true);
                    one.get();
                    two.get();
                    throw new AssertionError("an uploader stopped before the kill: an upload's connection broke");
                }
                assertThat(midStream).as("within a minute: %d and %d uploads acknowledged, the slow upload's first "
                        + "file stored and its second streaming into a .part file", first.count, second.count).isTrue();
                server.kill();
                stop.set(true);
                one.get();
                two.get();
                assertThat(slow.handle((response, error) -> response == null || response.statusCode() != 200)
                        .get(70, java.util.concurrent.TimeUnit.SECONDS))
                        .as("the upload cut by the kill was not acknowledged").isTrue();
            }
        }
        List<String> partsLeft = parts(store);
        assertThat(partsLeft).as("temporary files left by the kill").isNotEmpty();
        // time passes: what the crash left is older than the sweep's minimum age (1 hour by default)
        age(store, Duration.ofHours(2));

        Map<Long, byte[]> acknowledged = new LinkedHashMap<>(first.files);
        acknowledged.putAll(second.files);
        try (StandaloneProcess server = StandaloneProcess.start(data, "uploads-2")) {
            port = server.port();
            try (ProtocolClient alice = fileUser("alice")) {
                List<Long> missing = new ArrayList<>();
                List<Long> different = new ArrayList<>();
                acknowledged.forEach((id, bytes) -> {
                    HttpResponse<byte[]> download = get("/api/attach/download?id=" + id + "&sid=" + alice.sid);
                    if (download.statusCode() != 200) {
                        missing.add(id);
                    } else if (!Arrays.equals(download.body(), bytes)) {
                        different.add(id);
                    }
                });
                System.out.printf("kill -9 mid-upload: %d uploads acknowledged, %d not downloadable, %d with other "
                        + "bytes; %d temporary files left%n", acknowledged.size(), missing.size(), different.size(),
                        partsLeft.size());
                assertThat(missing).as("acknowledged uploads not downloadable after the kill").isEmpty();
                assertThat(different).as("acknowledged uploads whose bytes changed").isEmpty();

                // uploads after the restart get ids never handed out before
                Acknowledged after = new Acknowledged();
                upload(alice.sid, gid, after, 3, () -> after.count >= 20);
                assertThat(after.count).as("uploads after the restart").isEqualTo(20);
                Set<Long> reused = new HashSet<>(after.files.keySet());
                reused.retainAll(acknowledged.keySet());
                assertThat(reused).as("file ids handed out again after the restart").isEmpty();

                assertThat(parts(store)).as("temporary files after the start-up sweep").isEmpty();
                assertThat(contains(store, cutShort)).as("the stored file of the upload cut by the kill").isFalse();
            }
        }
        // the store holds exactly the files that have a row: no orphan, and nothing with a row removed
        assertThat(storedObjects()).containsExactlyInAnyOrderElementsOf(objectKeysOfRows(data));
    }

    /** Uploads one file at a time until stopped or the server is gone; records what was acknowledged. */
    private void upload(String sid, String gid, Acknowledged into, long seed, BooleanSupplier stop) {
        for (int i = 0; !stop.getAsBoolean(); i++) {
            byte[] content = random(1_000 + (int) ((seed * 7919 + i * 104729L) % 200_000), seed * 100_000 + i);
            HttpResponse<byte[]> response;
            try {
                response = post("/api/attach/upload?gid=" + gid + "&sid=" + sid,
                        new Multipart().file("files", "f" + seed + "-" + i + ".bin", "application/octet-stream", content));
            } catch (UncheckedIOException e) {
                return;
            }
            if (response.statusCode() != 200) {
                // the server is alive (a dead one answers nothing): a refusal here is a defect of its own
                throw new AssertionError("upload " + i + " of uploader " + seed + " failed with "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode data = json(response).path("data");
            assertThat(data.size()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(1);
            synchronized (into) {
                into.files.put(data.get(0).path("id").asLong(), content);
                into.count = into.files.size();
            }
        }
    }

    /**
     * A file that never finishes arriving: 256 KiB, then nothing until the test is over (the kill breaks the
     * connection first), so the upload is mid-stream at the kill however slow the machine is.
     */
    private static final class StalledStream extends InputStream {
        private final AtomicBoolean over;
        private long sent;

        StalledStream(AtomicBoolean over) {
            this.over = over;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent >= 256 * 1024) {
                // stalled: the upload stays open until the test is over (the kill cuts it), then ends
                Waits.within(Duration.ofMinutes(5), Duration.ofMillis(20), over::get);
                return -1;
            }
            int n = (int) Math.min(Math.min(length, 16 * 1024), 256 * 1024 - sent);
            Arrays.fill(buffer, offset, offset + n, (byte) 7);
            sent += n;
            return n;
        }
    }

    /** Every file of the store, relative; looked at again while uploads move files during the walk. */
    private static List<String> storedIn(Path store) {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(store)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(store)) {
                return files.filter(Files::isRegularFile).map(path -> store.relativize(path).toString()).sorted()
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt > 50) {
                    throw new AssertionError("cannot list " + store, e);
                }
            }
        }
    }

    private static List<String> parts(Path store) {
        return storedIn(store).stream().filter(name -> name.contains(".part-")).toList();
    }

    /** Whether a stored (complete) file has these bytes; a file that moves away meanwhile does not count. */
    private static boolean contains(Path store, byte[] content) {
        for (String name : storedIn(store)) {
            Path file = store.resolve(name);
            try {
                if (!name.contains(".part-") && Files.size(file) == content.length
                        && Arrays.equals(Files.readAllBytes(file), content)) {
                    return true;
                }
            } catch (IOException e) {
                // moved or removed since the listing
            }
        }
        return false;
    }

    private static void age(Path store, Duration by) throws IOException {
        FileTime then = FileTime.from(Instant.now().minus(by));
        for (String name : storedIn(store)) {
            Files.setLastModifiedTime(store.resolve(name), then);
        }
    }

    /** Reads the file table of the stopped server's database. */
    private static List<String> objectKeysOfRows(Path data) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath()
                + "/xuanxuan;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT object_key FROM file_object")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return keys;
    }
}
