package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The 2.x client's files (xxc-2x-dialect.md A.3): {@code POST /upload} (multipart {@code file}, {@code gid},
 * {@code userID}; headers {@code Authorization: <token>}, {@code ServerName}, {@code X-FILENAME}), {@code GET
 * /download?...&sid=md5(sessionID + fileName)}, the file message re-sent under its gid once uploaded, the session
 * check and the membership check (which xxd never made).
 *
 * <p>The file service learns sessions and chat members from events, a moment after the socket answered: the first
 * upload or download of a test waits (bounded) until the file service gives its final answer, and the refusals are
 * asked only once the same user was seen accepted elsewhere, so that a 401/403 here is the check, not the lag.
 */
public interface XxcFilesProtocolSuite extends XxcProtocolSupport {

    HttpClient FILE_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    default HttpResponse<byte[]> upload(XxcClient client, String token, String gid, String fileName, byte[] content) {
        Multipart body = new Multipart().file("file", fileName, "application/octet-stream", content)
                .field("gid", gid).field("userID", String.valueOf(client.userId()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fileBase() + "/upload")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", body.contentType())
                .header("Authorization", token)
                .header("ServerName", SERVER_NAME)
                .header("X-FILENAME", URLEncoder.encode(fileName, StandardCharsets.UTF_8))
                .POST(body.publisher()).build();
        return http(request);
    }

    /** The download URL the client builds ({@code file-data.js makeUrl}), {@code gid} being the USER id. */
    default String downloadUrl(XxcClient client, String sessionId, String fileName, JsonNode file) {
        return fileBase() + "/download?fileName=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                + "&time=" + file.path("time").asLong() + "&id=" + file.path("id").asText()
                + "&ServerName=" + SERVER_NAME + "&gid=" + client.userId()
                + "&sid=" + WsClient.md5(sessionId + fileName);
    }

    default HttpResponse<byte[]> download(String url) {
        return http(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    default HttpResponse<byte[]> http(HttpRequest request) {
        try {
            return FILE_HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    default String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    /**
     * Repeats a request until the file service gives a final answer: an answer other than 401/403 (a session or
     * membership it may not have learned yet). Answers the last response; the caller asserts what it expects.
     */
    default HttpResponse<byte[]> settled(java.util.function.Supplier<HttpResponse<byte[]>> request) {
        AtomicReference<HttpResponse<byte[]>> last = new AtomicReference<>();
        Waits.within(WAIT, Duration.ofMillis(100), () -> {
            last.set(request.get());
            int status = last.get().statusCode();
            return status != 401 && status != 403;
        });
        return last.get();
    }

    /** An upload that must succeed ({@code result: success} and {@code data}); answers {@code data}. */
    default JsonNode uploadOk(XxcClient client, String gid, String fileName, byte[] content) {
        HttpResponse<byte[]> response = settled(() -> upload(client, client.token(), gid, fileName, content));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("result").asText()).as(text(response)).isEqualTo("success");
        JsonNode data = answer.path("data");
        assertThat(data.path("id").isMissingNode() || data.path("id").isNull()).as(text(response)).isFalse();
        assertThat(data.path("name").asText()).as(text(response)).isEqualTo(fileName);
        assertThat(data.path("time").asLong()).as(text(response)).isPositive();
        return data;
    }

    default JsonNode json(HttpResponse<byte[]> response) {
        try {
            return ProtocolJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(response), e);
        }
    }

    default void assertRefusedWithJson(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
        assertThat(json(response).path("message").asText()).as("a reason a person can act on: " + text(response))
                .isNotBlank();
    }

    default byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    default void aFileMessageIsUploadedReSentUnderItsGidAndDownloadedByTheMembers() {
        try (XxcClient kim = xxcLogin("xkim"); XxcClient lee = xxcLogin("xlee")) {
            String gid = newGid();
            createGroup(kim, gid, "Files", kim.userId(), lee.userId());
            lee.expect("chat", "create");
            String fileName = "plan-v2.bin";
            byte[] content = bytes(30_000, 17);

            // 1. the file message first, before the upload: send 0, then a progress tick under the same gid
            ObjectNode file = ProtocolJson.nodes().objectNode().put("name", fileName).put("size", content.length)
                    .put("type", "application/octet-stream").put("send", 0);
            ObjectNode message = message(kim, gid, file.toString(), 1).put("contentType", "file");
            String messageGid = message.path("gid").asText();
            assertSuccess(sendMessages(kim, message));
            message.put("content", file.put("send", 50).toString());
            assertSuccess(sendMessages(kim, message));

            // 2. the upload
            JsonNode uploaded = uploadOk(kim, gid, fileName, content);

            // 3. the same gid again with {...data, send: true}: the stored content is replaced, not a second message
            ObjectNode done = file.deepCopy();
            done.setAll((ObjectNode) uploaded);
            done.put("send", true);
            message.put("content", done.toString());
            JsonNode reSent = sendMessages(kim, message);
            assertSuccess(reSent);
            assertThat(reSent.path("data").path(0).path("gid").asText()).isEqualTo(messageGid);
            assertThat(reSent.path("data").path(0).path("content").asText()).contains("\"send\":true");

            kim.send("chat", "history", XxcClient.params(gid, 50, 1, 0, true, 0));
            JsonNode history = handled(kim, "history");
            assertThat(texts(history.path("data"), "gid").stream().filter(messageGid::equals))
                    .as("one message for one gid: " + history).hasSize(1);
            for (JsonNode stored : history.path("data")) {
                if (stored.path("gid").asText().equals(messageGid)) {
                    JsonNode storedContent = json(stored.path("content").asText());
                    assertThat(storedContent.path("send").asBoolean()).as(stored.toString()).isTrue();
                    assertThat(storedContent.path("id").asText()).isEqualTo(uploaded.path("id").asText());
                }
            }

            // 4. both members download it, each with its own session id
            for (XxcClient member : new XxcClient[] {kim, lee}) {
                assertThat(member.sessionId()).as("chat/SessionID").isNotBlank();
                HttpResponse<byte[]> got = settled(() -> download(downloadUrl(member, member.sessionId(), fileName, uploaded)));
                assertThat(got.statusCode()).as(text(got)).isEqualTo(200);
                assertThat(got.body()).isEqualTo(content);
                assertThat(got.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                        disposition -> assertThat(disposition).startsWith("attachment"));
            }

            // the session check: a sid that is not md5(sessionID + fileName) of this user's session
            HttpResponse<byte[]> wrongSid = download(downloadUrl(lee, kim.sessionId() + "x", fileName, uploaded));
            assertRefusedWithJson(wrongSid, 401);
            HttpResponse<byte[]> otherUsersSid = download(downloadUrl(lee, kim.sessionId(), fileName, uploaded));
            assertThat(otherUsersSid.statusCode()).as("kim's session under lee's id: " + text(otherUsersSid))
                    .isEqualTo(401);
        }
    }

    private JsonNode json(String text) {
        try {
            return ProtocolJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the file message's content is not JSON: " + text, e);
        }
    }

    @Test
    default void aDownloadUrlOfAnEarlierSessionStillWorksAfterAReconnect() {
        String fileName = "kept.txt";
        byte[] content = "cached by the client as _url".getBytes(StandardCharsets.UTF_8);
        String gid = newGid();
        JsonNode uploaded;
        String oldUrl;
        try (XxcClient kim = xxcLogin("xkim")) {
            createGroup(kim, gid, "Cache", kim.userId(), idOf("xlee"));
            uploaded = uploadOk(kim, gid, fileName, content);
            oldUrl = downloadUrl(kim, kim.sessionId(), fileName, uploaded);
            assertThat(settled(() -> download(oldUrl)).statusCode()).isEqualTo(200);
        }
        try (XxcClient again = xxcLogin("xkim")) {
            assertThat(again.sessionId()).as("a new session id").isNotEqualTo(XxcClient.queryParam(oldUrl, "sid").orElse(""));
            HttpResponse<byte[]> got = download(oldUrl);
            assertThat(got.statusCode()).as("the image the client shows from its cached URL: " + text(got)).isEqualTo(200);
            assertThat(got.body()).isEqualTo(content);
        }
    }

    @Test
    default void aNonMemberCanNeitherUploadToTheChatNorDownloadItsFilesAndAWrongTokenIsRefused() {
        try (XxcClient kim = xxcLogin("xkim"); XxcClient may = xxcLogin("xmay")) {
            String gid = newGid();
            createGroup(kim, gid, "Members only", kim.userId(), idOf("xlee"));
            String fileName = "secret.txt";
            JsonNode uploaded = uploadOk(kim, gid, fileName, "for members".getBytes(StandardCharsets.UTF_8));

            // may is accepted where she is a member: her session and token are good
            String own = newGid();
            createGroup(may, own, "May's", may.userId(), idOf("xlee"));
            JsonNode mine = uploadOk(may, own, "mine.txt", "mine".getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> ownDownload = settled(() -> download(downloadUrl(may, may.sessionId(), "mine.txt", mine)));
            assertThat(ownDownload.statusCode()).as(text(ownDownload)).isEqualTo(200);

            // ... and refused where she is not
            assertRefusedWithJson(upload(may, may.token(), gid, "intruder.txt", "x".getBytes(StandardCharsets.UTF_8)), 403);
            assertRefusedWithJson(download(downloadUrl(may, may.sessionId(), fileName, uploaded)), 403);

            // a token that is not this user's
            assertRefusedWithJson(upload(may, kim.token(), own, "wrong-token.txt", "x".getBytes(StandardCharsets.UTF_8)), 401);
            assertRefusedWithJson(upload(may, "0123456789abcdef0123456789abcdef", own, "forged.txt",
                    "x".getBytes(StandardCharsets.UTF_8)), 401);
        }
    }
}
