package io.xuanxuan.file.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.file.FileTestServer;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.UploadLimits;
import io.xuanxuan.file.domain.XxcFileAccess;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2.x clients' {@code POST /upload} and {@code GET /download} (xxc-2x-dialect.md A.3) on the file service's
 * HTTP server, as the 2.3 client sends them: the multipart parts in its order (file, userID, gid), the token in
 * {@code Authorization}, the download link signed with md5(sessionID + fileName). One server for the class; each
 * test has users and chats of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XxcFileHttpTest {

    static final int LIMIT = 100_000;

    @TempDir
    static Path dir;

    FileTestServer server;
    Path root;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() {
        root = dir.resolve("files");
        server = new FileTestServer(new LocalBlobStore(root), new UploadLimits(LIMIT, 5), FileMetrics.none());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    String token(long userId) {
        return server.tokens.issue(userId, Instant.now()).token();
    }

    /** What the 2.3 client's FormData carries, in its order. */
    static Multipart form(String fileName, byte[] content, String userId, String gid) {
        Multipart form = new Multipart().file("file", fileName, "application/octet-stream", content);
        if (userId != null) {
            form.field("userID", userId);
        }
        return gid == null ? form : form.field("gid", gid);
    }

    HttpResponse<byte[]> upload(Multipart body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/upload")))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", body.contentType())
                .header("ServerName", "xuanxuan").POST(body.publisher());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(pathAndQuery))).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** encodeURIComponent, as the client builds its URLs and X-FILENAME. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The client's download link (file-data.js makeUrl). */
    static String link(String fileName, long id, long userId, String sessionId) {
        return "/download?fileName=" + encode(fileName) + "&time=0&id=" + id + "&ServerName=xuanxuan&gid=" + userId
                + "&sid=" + XxcFileAccess.md5Hex(sessionId + fileName);
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return ProtocolJson.mapper().readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** A 4xx with {result, message} (no module or method: the 2.x client's shape), CORS allowed. */
    static JsonNode assertRefused(HttpResponse<byte[]> response, int status, String result, String messagePart)
            throws Exception {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode body = json(response);
        assertThat(body.path("result").asText()).as(text(response)).isEqualTo(result);
        assertThat(body.path("message").asText()).as(text(response)).contains(messagePart).endsWith(".");
        assertThat(body.has("module")).isFalse();
        return body;
    }

    /** Nothing of this user's refused uploads is left: no row by the user, no object beyond those of rows. */
    void assertNothingStoredBy(long userId) throws Exception {
        long rowsOfUser = server.db.sql("SELECT COUNT(*) AS n FROM file_object WHERE added_by = :u").bind("u", userId)
                .map(row -> row.get("n", Long.class)).one().block();
        assertThat(rowsOfUser).isZero();
        assertThat(objects()).isEqualTo(server.files.count().block());
    }

    long objects() throws Exception {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** An upload by a member with a live session; answers the file's id. */
    long uploaded(long userId, String gid, String name, byte[] content) throws Exception {
        HttpResponse<byte[]> response = upload(form(name, content, String.valueOf(userId), gid),
                "Authorization", token(userId));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return json(response).path("data").path("id").asLong();
    }

    // ---- upload

    @Test
    void anUploadAnswersWhatTheClientMergesAndTheLinkOfTheSessionDownloadsIt() throws Exception {
        server.session(101, "sid-101");
        server.chat("x-g101", 101L, 102L);
        byte[] content = random(50_000, 1);
        long before = Instant.now().getEpochSecond();
        HttpResponse<byte[]> response = upload(form("photo.png", content, "101", "x-g101"),
                "Authorization", token(101));
        long after = Instant.now().getEpochSecond();

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode body = json(response);
        assertThat(body.path("result").asText()).isEqualTo("success");
        assertThat(body.has("module")).as("xxd's shape: {result, data}").isFalse();
        JsonNode data = body.path("data");
        assertThat(data.path("time").isIntegralNumber()).isTrue();
        assertThat(data.path("time").asLong()).isBetween(before, after);
        assertThat(data.path("id").isIntegralNumber()).isTrue();
        assertThat(data.path("name").asText()).isEqualTo("photo.png");
        long id = data.path("id").asLong();
        assertThat(server.files.find(id).block().addedBy()).as("the uploader named by userID").isEqualTo(101);
        assertThat(server.files.find(id).block().gid()).isEqualTo("x-g101");

        HttpResponse<byte[]> download = get(link("photo.png", id, 101, "sid-101"));
        assertThat(download.statusCode()).as(text(download)).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment;").contains("filename=\"photo.png\""));
        assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(download.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        HttpResponse<byte[]> range = get(link("photo.png", id, 101, "sid-101"), "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    }

    @Test
    void noTokenABearerSidOrAnUnsignedTokenIsRefused() throws Exception {
        server.session(111, "sid-111");
        server.chat("x-g111", 111L);
        assertRefused(upload(form("a.bin", random(10_000, 2), "111", "x-g111")), 401, "denied", "Authorization");
        assertRefused(upload(form("a.bin", random(10_000, 2), "111", "x-g111"), "Authorization", "x".repeat(32)),
                401, "denied", "Authorization");
        assertRefused(upload(form("a.bin", random(10_000, 2), "111", "x-g111"), "Authorization", "Bearer sid-111"),
                401, "denied", "Authorization");
        assertNothingStoredBy(111);
    }

    @Test
    void anotherUsersTokenIsRefusedAndNothingIsKept() throws Exception {
        server.session(121, "sid-121");
        server.session(122, "sid-122");
        server.chat("x-g121", 121L, 122L);
        // user 122's own token, but the body says 121
        assertRefused(upload(form("a.bin", random(20_000, 3), "121", "x-g121"), "Authorization", token(122)),
                401, "denied", "not the one given to user 121");
        // a token made under another secret (another deployment) for 121
        String foreign = io.xuanxuan.model.xxc.XxcTokens.of("another deployment's secret").issue(121, Instant.now()).token();
        assertRefused(upload(form("a.bin", random(20_000, 3), "121", "x-g121"), "Authorization", foreign),
                401, "denied", "not the one given to user 121");
        assertNothingStoredBy(121);
        assertNothingStoredBy(122);
    }

    @Test
    void aUserWithoutALiveSessionIsRefused() throws Exception {
        server.chat("x-g131", 131L);
        assertRefused(upload(form("a.bin", random(20_000, 4), "131", "x-g131"), "Authorization", token(131)),
                401, "denied", "no open session");
        // a session that ended (offline) no longer uploads either
        server.session(131, "sid-131");
        server.sessions.offline(131, "conn-sid-131", System.currentTimeMillis()).block();
        assertRefused(upload(form("a.bin", random(20_000, 4), "131", "x-g131"), "Authorization", token(131)),
                401, "denied", "no open session");
        assertNothingStoredBy(131);
    }

    @Test
    void anUploadToAChatOfOthersIsRefusedAndNothingIsKept() throws Exception {
        server.session(141, "sid-141");
        server.chat("x-g141-theirs", 142L, 143L);
        assertRefused(upload(form("a.bin", random(60_000, 5), "141", "x-g141-theirs"), "Authorization", token(141)),
                403, "denied", "not a member of chat 'x-g141-theirs'");
        assertRefused(upload(form("a.bin", random(60_000, 5), "141", "x-g141-nowhere"), "Authorization", token(141)),
                404, "fail", "no chat");
        assertNothingStoredBy(141);
    }

    @Test
    void aFileOverTheLimitIs413() throws Exception {
        server.session(151, "sid-151");
        server.chat("x-g151", 151L);
        assertRefused(upload(form("big.bin", random(LIMIT + 1, 6), "151", "x-g151"), "Authorization", token(151)),
                413, "fail", "larger than the limit");
        assertNothingStoredBy(151);
        assertThat(uploaded(151, "x-g151", "fits.bin", random(LIMIT, 6))).isPositive();
    }

    @Test
    void aBodyWithoutUserIdOrFileIsABadRequest() throws Exception {
        server.session(161, "sid-161");
        server.chat("x-g161", 161L);
        assertRefused(upload(form("a.bin", random(1000, 7), null, "x-g161"), "Authorization", token(161)),
                400, "fail", "userID");
        assertRefused(upload(new Multipart().field("userID", "161").field("gid", "x-g161"), "Authorization", token(161)),
                400, "fail", "no file");
        assertRefused(upload(form("a.bin", random(1000, 7), "161", null), "Authorization", token(161)),
                400, "fail", "gid");
        assertNothingStoredBy(161);
    }

    @Test
    void xFilenameNamesTheFileChineseAndSpacesIncluded() throws Exception {
        server.session(171, "sid-171");
        server.chat("x-g171", 171L);
        String name = "季度 报告 (final) + 附件.pdf";
        byte[] content = random(3000, 8);
        // the part's own file name is the browser's "blob"; the header carries the real one, URL-encoded
        HttpResponse<byte[]> response = upload(form("blob", content, "171", "x-g171"),
                "Authorization", token(171), "X-FILENAME", encode(name));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode data = json(response).path("data");
        assertThat(data.path("name").asText()).isEqualTo(name);
        long id = data.path("id").asLong();
        assertThat(server.files.find(id).block().title()).isEqualTo(name);

        HttpResponse<byte[]> download = get(link(name, id, 171, "sid-171"));
        assertThat(download.statusCode()).as(text(download)).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> {
            assertThat(value).startsWith("attachment;");
            assertThat(org.springframework.http.ContentDisposition.parse(value).getFilename()).isEqualTo(name);
        });

        // without the header (the desktop client sends none), the part's file name, UTF-8 in the part's header
        HttpResponse<byte[]> plain = upload(form("plain name.txt", content, "171", "x-g171"), "Authorization", token(171));
        assertThat(json(plain).path("data").path("name").asText()).isEqualTo("plain name.txt");
        HttpResponse<byte[]> desktop = upload(form("会议 记录.docx", content, "171", "x-g171"), "Authorization", token(171));
        assertThat(json(desktop).path("data").path("name").asText()).isEqualTo("会议 记录.docx");
        // a header that is not URL-encoding is refused, not guessed
        assertRefused(upload(form("a.txt", content, "171", "x-g171"), "Authorization", token(171), "X-FILENAME", "%E5%A"),
                400, "fail", "X-FILENAME");
    }

    // ---- download

    @Test
    void aLinkSignedWithARecentlyEndedSessionStillDownloads() throws Exception {
        server.session(201, "sid-201-old");
        server.chat("x-g201", 201L);
        byte[] content = random(5000, 9);
        long id = uploaded(201, "x-g201", "a.txt", content);
        // a reconnect: a new session replaces the one the link was made in; then the user goes offline
        server.session(201, "sid-201-new");
        assertThat(get(link("a.txt", id, 201, "sid-201-old")).body()).isEqualTo(content);
        assertThat(get(link("a.txt", id, 201, "sid-201-new")).body()).isEqualTo(content);
        server.sessions.offline(201, "conn-sid-201-new", System.currentTimeMillis()).block();
        HttpResponse<byte[]> afterLogout = get(link("a.txt", id, 201, "sid-201-new"));
        assertThat(afterLogout.statusCode()).as(text(afterLogout)).isEqualTo(200);
        assertThat(afterLogout.body()).isEqualTo(content);
    }

    @Test
    void aLinkOfASessionEndedLongerAgoThanTheRecentAgeIsRefused() throws Exception {
        server.session(211, "sid-211");
        server.chat("x-g211", 211L);
        long id = uploaded(211, "x-g211", "a.txt", random(500, 10));
        long longAgo = System.currentTimeMillis() - FileTestServer.RECENT_SESSION_AGE.toMillis() - 60_000;
        server.sessions.offline(211, "conn-sid-211", longAgo).block();
        assertRefused(get(link("a.txt", id, 211, "sid-211")), 401, "denied", "not signed by a recent session");
    }

    @Test
    void aLinkWithAWrongSignatureIsRefused() throws Exception {
        server.session(221, "sid-221");
        server.session(222, "sid-222");
        server.chat("x-g221", 221L, 222L);
        long id = uploaded(221, "x-g221", "a.txt", random(500, 11));
        // an md5 of something else, of another file name, and another member's session presented as 221's
        assertRefused(get("/download?fileName=a.txt&time=0&id=" + id + "&gid=221&sid=" + XxcFileAccess.md5Hex("guess")),
                401, "denied", "not signed");
        assertRefused(get(link("a.txt", id, 221, "sid-221").replace("fileName=a.txt", "fileName=b.txt")),
                401, "denied", "not signed");
        assertRefused(get(link("a.txt", id, 221, "sid-222")), 401, "denied", "not signed");
        assertRefused(get("/download?fileName=a.txt&id=" + id + "&gid=221"), 400, "fail", "incomplete");
        // the same link, well signed, works (the refusals were about the signature)
        assertThat(get(link("a.txt", id, 221, "sid-221")).statusCode()).isEqualTo(200);
        assertThat(get(link("a.txt", id, 222, "sid-222")).statusCode()).isEqualTo(200);
    }

    @Test
    void aWellSignedLinkToAFileOfAnotherChatIsRefused() throws Exception {
        server.session(231, "sid-231");
        server.session(232, "sid-232");
        server.chat("x-g231", 231L);
        long id = uploaded(231, "x-g231", "secret.txt", random(500, 12));
        assertRefused(get(link("secret.txt", id, 232, "sid-232")), 403, "denied", "not a member");
    }

    @Test
    void aLinkToAFileThatDoesNotExistIs404() throws Exception {
        server.session(241, "sid-241");
        assertRefused(get(link("gone.txt", 987_654_321L, 241, "sid-241")), 404, "fail", "no file");
    }

    // ---- CORS

    @Test
    void theUploadsPreflightAllowsTheClientsHeadersFromAnyOrigin() throws Exception {
        HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(URI.create(server.url("/upload")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://web.example:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,x-filename,servername")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(preflight.statusCode()).isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                value -> assertThat(value).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                value -> assertThat(value).contains("Authorization", "X-FILENAME", "ServerName", "Content-Type"));
        // not on this server's own paths
        HttpResponse<byte[]> own = get("/api/attach/download?id=1");
        assertThat(own.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
