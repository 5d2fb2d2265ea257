package io.xuanxuan.file;

import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.UploadLimits;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.model.json.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Streams one file much larger than the heap through the file HTTP endpoints (local store) and back, in a
 * JVM started with a small -Xmx, and prints what it measured. Run by {@code FileStreamingMemoryTest}:
 *
 * <pre>java -Xmx48m -cp &lt;test classpath&gt; io.xuanxuan.file.FileStreamingMain &lt;MiB&gt;</pre>
 *
 * Prints {@code RESULT size= uploaded= downloaded= match= heapUsedBeforeAfterGc= peakHeapUsed=
 * peakHeapLiveAfterGc= sumOfHeapPoolPeaks= maxHeap=} (bytes; peakHeapUsed includes garbage not yet collected,
 * peakHeapLiveAfterGc is the most that survived a collection); exits 0 only if every byte came back.
 */
public final class FileStreamingMain {

    private static final long MIB = 1024 * 1024;

    private FileStreamingMain() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args.length > 0 ? args[0] : "64") * MIB;
        Path dir = Files.createTempDirectory("xx-file-stream");
        AtomicLong peak = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        var heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null).toList();
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                // what was still live after the last collection of each pool: the real working set
                peakAfterGc.accumulateAndGet(heapPools.stream().mapToLong(pool -> pool.getCollectionUsage().getUsed())
                        .sum(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        boolean match;
        long uploaded;
        long downloaded;
        long baseline;
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(dir.resolve("files")),
                new UploadLimits(size + 1, 1), FileMetrics.none())) {
            server.session(1, "sid-1");
            server.chat("big-chat", 1L);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            System.gc();
            baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            sampler.start();

            Generated content = new Generated(size);
            Multipart body = new Multipart().file("files", "big.bin", "application/octet-stream", size, () -> content);
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/attach/upload?gid=big-chat")))
                    .header("Authorization", "Bearer sid-1").header("Content-Type", body.contentType())
                    .POST(body.publisher()).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() != 200) {
                throw new IllegalStateException("upload answered " + upload.statusCode() + ": " + upload.body());
            }
            var file = ProtocolJson.mapper().readTree(upload.body()).path("data").get(0);
            uploaded = file.path("size").asLong();

            HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(
                            server.url("/api/attach/download?id=" + file.path("id").asLong() + "&sid=sid-1")))
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
            CRC32 crc = new CRC32();
            long count = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                    count += n;
                }
            }
            downloaded = count;
            match = download.statusCode() == 200 && uploaded == size && downloaded == size
                    && crc.getValue() == content.crc();
        } finally {
            sampler.interrupt();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.println("RESULT size=" + size + " uploaded=" + uploaded + " downloaded=" + downloaded
                + " match=" + match + " heapUsedBeforeAfterGc=" + baseline + " peakHeapUsed=" + peak.get()
                + " peakHeapLiveAfterGc=" + peakAfterGc.get()
                + " sumOfHeapPoolPeaks=" + poolPeaks
                + " maxHeap=" + Runtime.getRuntime().maxMemory());
        System.exit(match ? 0 : 1);
    }

    /** {@code size} pseudo-random bytes, generated as read; remembers their CRC32. */
    static final class Generated extends InputStream {
        private final long size;
        private final CRC32 crc = new CRC32();
        private long position;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size) {
            this.size = size;
        }

        long crc() {
            return crc.getValue();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                if (((position + i) & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> (((position + i) & 7) * 8));
            }
            crc.update(b, off, n);
            position += n;
            return n;
        }
    }
}
