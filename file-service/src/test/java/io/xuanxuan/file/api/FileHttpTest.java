package io.xuanxuan.file.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xuanxuan.file.FileTestServer;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.UploadLimits;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.file.storage.MinioBlobStore;
import io.xuanxuan.file.storage.S3ProxyServer;
import io.xuanxuan.model.json.ProtocolJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoints on Reactor Netty without the rest of the server: what is hard to provoke through the
 * standalone server (a client that drops the connection mid-upload, the MinIO store behind HTTP, metrics).
 * The protocol's behaviour as a whole is tested in the standalone server's File*ProtocolTest.
 */
class FileHttpTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    HttpResponse<byte[]> send(FileTestServer server, String method, String path, Multipart body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body != null) {
            request.header("Content-Type", body.contentType()).POST(body.publisher());
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    long filesIn(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aClientThatDropsTheConnectionMidUploadLeavesNoObjectAndNoRow() throws Exception {
        Path root = dir.resolve("files");
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(root), new UploadLimits(64 << 20, 5),
                FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            // a first file arrives whole, the second is cut off after 2 MiB of its announced 20 MiB
            String boundary = "cut-boundary";
            byte[] first = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"one.bin\"\r\n\r\n"
                    + "x".repeat(100_000) + "\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"two.bin\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/attach/upload?gid=g1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s1\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                        + (first.length + (20 << 20)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(first);
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 32; i++) {
                    out.write(chunk);
                }
                out.flush();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesIn(root))
                        .as("the first file and the partial second are being written").isEqualTo(2));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(filesIn(root))
                    .as("nothing left in the store").isZero());
            assertThat(server.files.count().block()).as("no row").isZero();
        }
    }

    /**
     * Refusals midway through a body, then accepted uploads, on one kept-alive connection. Cancelling the
     * multipart parser from the thread that found the file too large (not the connection's event loop)
     * released buffers twice: later requests on the connection failed or hung. Netty reports such a
     * release as a dropped IllegalReferenceCountException.
     */
    @Test
    void refusalsMidBodyLeaveTheConnectionAndItsBuffersSound() throws Exception {
        java.util.List<Throwable> dropped = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        reactor.core.publisher.Hooks.onErrorDropped(dropped::add);
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(dir), new UploadLimits(4 << 20, 5),
                FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] small = random(100_000, 5);
            long lastId = 0;
            byte[] last = null;
            for (int i = 0; i < 25; i++) {
                for (int size : new int[] {(4 << 20) + 1, 4 << 20}) {
                    byte[] big = random(size, i);
                    Multipart body = new Multipart().file("files", "small.bin", null, small)
                            .file("files", "big.bin", null, big);
                    HttpResponse<byte[]> response = oneConnection.send(HttpRequest.newBuilder(
                                    URI.create(server.url("/api/attach/upload?gid=g1&sid=s1")))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", body.contentType())
                            .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(response.statusCode()).as("round " + i + ", " + size + " bytes: "
                            + new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(size > 4 << 20 ? 413 : 200);
                    if (response.statusCode() == 200) {
                        lastId = ProtocolJson.mapper().readTree(response.body()).path("data").get(1).path("id").asLong();
                        last = big;
                    }
                }
            }
            HttpResponse<byte[]> download = oneConnection.send(HttpRequest.newBuilder(
                    URI.create(server.url("/api/attach/download?id=" + lastId + "&sid=s1"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.body()).isEqualTo(last);
            assertThat(dropped).as("errors dropped by the pipeline (double releases)").isEmpty();
        } finally {
            reactor.core.publisher.Hooks.resetOnErrorDropped();
        }
    }

    /**
     * Two requests in one write, the first answered later (a download), the second at once (getconfig),
     * then a third on the same connection. Reactor Netty up to 1.3.7 stops reading the connection when the
     * queued second request is answered synchronously (reactor-netty#4361, fixed in 1.3.8): the third
     * request then hangs. The routes worked around it until the project moved to 1.3.8.
     */
    @Test
    void aKeptAliveConnectionKeepsAnsweringAfterAQueuedRequest() throws Exception {
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(dir), new UploadLimits(1 << 20, 5),
                FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            HttpResponse<byte[]> upload = send(server, "POST", "/api/attach/upload?gid=g1&sid=s1",
                    new Multipart().file("files", "a.bin", null, random(200_000, 9)));
            long id = ProtocolJson.mapper().readTree(upload.body()).path("data").get(0).path("id").asLong();
            for (int round = 0; round < 10; round++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(5000);
                    OutputStream out = socket.getOutputStream();
                    java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                    String download = "GET /api/attach/download?id=" + id + "&sid=s1 HTTP/1.1\r\nHost: x\r\n\r\n";
                    String config = "GET /index.php?mode=getconfig HTTP/1.1\r\nHost: x\r\n\r\n";
                    out.write((download + config).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                    assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                    out.write(config.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(readResponse(in)).as("round " + round + ": the third request is answered")
                            .startsWith("HTTP/1.1 200");
                }
            }
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length; answers its status line. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        long remaining = length.find() ? Long.parseLong(length.group(1)) : 0;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException("body cut short");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void theGidFieldAfterTheFilesIsCheckedAndARefusalRemovesWhatWasStored() throws Exception {
        Path root = dir.resolve("files");
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(root), new UploadLimits(1 << 20, 5),
                FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("mine", 1L);
            server.chat("theirs", 2L);
            byte[] data = random(300_000, 1);
            HttpResponse<byte[]> refused = send(server, "POST", "/sys/attach-upload.json?rid=s1", new Multipart()
                    .file("files[]", "a.bin", null, data).file("files[]", "b.bin", null, data).field("gid", "theirs"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("\"result\":\"denied\"");
            assertThat(filesIn(root)).isZero();
            assertThat(server.files.count().block()).isZero();

            HttpResponse<byte[]> ok = send(server, "POST", "/sys/attach-upload.json?rid=s1", new Multipart()
                    .file("files[]", "a.bin", null, data).field("gid", "mine"));
            assertThat(ok.statusCode()).isEqualTo(200);
            long id = ProtocolJson.mapper().readTree(ok.body()).path("data").get(0).path("id").asLong();
            HttpResponse<byte[]> download = send(server, "GET", "/sys/attach-download-" + id + ".json?rid=s1", null);
            assertThat(download.body()).isEqualTo(data);
        }
    }

    @Test
    void uploadAndDownloadThroughTheMinioStore() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")));
             FileTestServer server = new FileTestServer(s3.store("http-files"), new UploadLimits(32 << 20, 5),
                     FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            byte[] data = random(MinioBlobStore.MIN_PART_SIZE * 2 + 99, 2);
            HttpResponse<byte[]> upload = send(server, "POST", "/api/attach/upload?gid=g1", new Multipart()
                    .file("file", "big.bin", "application/x-test", data), "Authorization", "Bearer s1");
            assertThat(upload.statusCode()).as(new String(upload.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            long id = ProtocolJson.mapper().readTree(upload.body()).path("data").get(0).path("id").asLong();
            HttpResponse<byte[]> whole = send(server, "GET", "/api/attach/download?id=" + id + "&sid=s1", null);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/x-test");
            assertThat(whole.body()).isEqualTo(data);
            HttpResponse<byte[]> range = send(server, "GET", "/api/attach/download?id=" + id + "&sid=s1", null,
                    "Range", "bytes=5242870-5242889");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, 5242870, 5242890));
        }
    }

    @Test
    void aMalformedMultipartBodyIsABadRequestAndLeavesNothing() throws Exception {
        Path root = dir.resolve("files");
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(root), new UploadLimits(1 << 20, 5),
                FileMetrics.none())) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            // a file part whose closing boundary never comes
            String body = "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
                    + "x".repeat(50_000);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                            server.url("/api/attach/upload?gid=g1&sid=s1")))
                    .header("Content-Type", "multipart/form-data; boundary=b")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("\"result\":\"fail\"", "malformed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesIn(root)).isZero());
            assertThat(server.files.count().block()).isZero();
        }
    }

    @Test
    void metersCountUploadsDownloadsAndRefusalsByReason() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FileTestServer server = new FileTestServer(new LocalBlobStore(dir), new UploadLimits(1000, 5),
                new FileMetrics(registry))) {
            server.session(1, "s1");
            server.chat("g1", 1L);
            HttpResponse<byte[]> upload = send(server, "POST", "/api/attach/upload?gid=g1&sid=s1",
                    new Multipart().file("files", "a.txt", "text/plain", random(600, 3)));
            long id = ProtocolJson.mapper().readTree(upload.body()).path("data").get(0).path("id").asLong();
            send(server, "GET", "/api/attach/download?id=" + id + "&sid=s1", null);
            send(server, "GET", "/api/attach/download?id=" + id + "&sid=s1", null, "Range", "bytes=0-9");
            send(server, "GET", "/api/attach/download?id=" + id, null);
            send(server, "POST", "/api/attach/upload?gid=g1&sid=s1",
                    new Multipart().file("files", "big.txt", "text/plain", random(1001, 4)));

            assertThat(registry.counter("xuanxuan.files.uploads").count()).isEqualTo(1);
            assertThat(registry.counter("xuanxuan.files.upload.bytes").count()).isEqualTo(600);
            assertThat(registry.counter("xuanxuan.files.downloads", "range", "false").count()).isEqualTo(1);
            assertThat(registry.counter("xuanxuan.files.downloads", "range", "true").count()).isEqualTo(1);
            assertThat(registry.counter("xuanxuan.files.download.bytes").count()).isEqualTo(610);
            assertThat(registry.counter("xuanxuan.files.refusals", "reason", "unauthenticated").count()).isEqualTo(1);
            assertThat(registry.counter("xuanxuan.files.refusals", "reason", "too-large").count()).isEqualTo(1);
        }
    }
}
