package io.xuanxuan.standalone;

import io.xuanxuan.file.Multipart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.ProtocolClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;

/**
 * Files over HTTP (PROTOCOL.md section 8) on the standalone server: upload with every part name, the list
 * over the socket (attach/getList), downloads byte for byte, ranges, names, the real 1.0 client's paths.
 * Sessions come from real socket logins, chats from the socket's {@code create}.
 */
public interface FileUploadProtocolSuite extends FileProtocolSupport {

    @Test
    default void filesUploadedUnderEveryPartNameAreListedForMembersAndDownloadByteIdentical() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient bob = fileUser("bob")) {
            String gid = groupChat(alice, bob);
            byte[] one = random(150_000, 1);
            byte[] two = random(3, 2);
            byte[] three = random(70_000, 3);
            byte[] four = new byte[0];
            Map<String, byte[]> sent = new HashMap<>();
            // "files" twice in one request, with the Authorization header
            JsonNode first = uploadOk("/api/attach/upload?gid=" + gid, new Multipart()
                    .file("files", "one.png", "image/png", one).file("files", "two.txt", null, two),
                    "Authorization", "Bearer " + alice.sid);
            assertThat(first).hasSize(2);
            // "files[]" with the sid in the query, "file" with rid (the real client's name)
            JsonNode second = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().file("files[]", "three.bin", "application/octet-stream", three));
            JsonNode third = uploadOk("/api/attach/upload?gid=" + gid + "&rid=" + alice.sid,
                    new Multipart().file("file", "empty.dat", null, four));
            Map<Long, byte[]> byId = new HashMap<>();
            for (JsonNode uploaded : new JsonNode[] {first.get(0), first.get(1), second.get(0), third.get(0)}) {
                assertThat(uploaded.path("id").isIntegralNumber()).isTrue();
                String title = uploaded.path("title").asText();
                byte[] content = switch (title) {
                    case "one.png" -> one;
                    case "two.txt" -> two;
                    case "three.bin" -> three;
                    default -> four;
                };
                sent.put(title, content);
                byId.put(uploaded.path("id").asLong(), content);
                assertThat(uploaded.path("size").asLong()).isEqualTo(content.length);
            }
            assertThat(sent).containsOnlyKeys("one.png", "two.txt", "three.bin", "empty.dat");

            // the other member lists them over the socket: File objects, ids as integers, added by alice
            JsonNode list = attachList(bob, gid);
            assertThat(list.path("result").asText()).isEqualTo("success");
            assertThat(list.path("data")).hasSize(4);
            for (JsonNode file : list.path("data")) {
                assertThat(file.path("id").isIntegralNumber()).isTrue();
                assertThat(byId).containsKey(file.path("id").asLong());
                assertThat(file.path("size").asLong()).isEqualTo(byId.get(file.path("id").asLong()).length);
                assertThat(file.path("addedBy").asLong()).isEqualTo(id(alice));
                assertThat(file.path("addedDate").isIntegralNumber()).isTrue();
                assertThat(file.path("addedDate").asLong()).isBetween(1_600_000_000L, 4_000_000_000L);
                assertThat(file.has("title")).isTrue();
                assertThat(file.has("type")).isTrue();
                assertThat(file.size()).isEqualTo(6);
            }
            Map<String, String> types = new HashMap<>();
            list.path("data").forEach(file -> types.put(file.path("title").asText(), file.path("type").asText()));
            assertThat(types).containsEntry("one.png", "image/png").containsEntry("two.txt", "text/plain")
                    .containsEntry("three.bin", "application/octet-stream");

            // and downloads each, byte for byte, with type and length
            for (Map.Entry<Long, byte[]> entry : byId.entrySet()) {
                HttpResponse<byte[]> download = get("/api/attach/download?id=" + entry.getKey(),
                        "Authorization", "Bearer " + bob.sid);
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.body()).isEqualTo(entry.getValue());
                assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(entry.getValue().length));
                assertThat(download.headers().firstValue("Accept-Ranges")).hasValue("bytes");
                assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
            HttpResponse<byte[]> png = get("/api/attach/download?id=" + first.get(0).path("id").asLong() + "&sid=" + bob.sid);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(ContentDisposition.parse(png.headers().firstValue("Content-Disposition").orElseThrow()).getFilename())
                    .isEqualTo("one.png");
        }
    }

    @Test
    default void aSingleRangeIsAnsweredWith206AndSeveralWithTheWholeFile() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            byte[] data = random(1_000_000, 4);
            long id = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().file("files", "data.bin", null, data)).get(0).path("id").asLong();
            String path = "/api/attach/download?id=" + id + "&sid=" + alice.sid;

            HttpResponse<byte[]> middle = get(path, "Range", "bytes=1000-1999");
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/1000000");
            assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");
            assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(data, 1000, 2000));

            HttpResponse<byte[]> open = get(path, "Range", "bytes=999990-");
            assertThat(open.statusCode()).isEqualTo(206);
            assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 999990-999999/1000000");
            assertThat(open.body()).isEqualTo(Arrays.copyOfRange(data, 999_990, 1_000_000));

            HttpResponse<byte[]> suffix = get(path, "Range", "bytes=-5");
            assertThat(suffix.statusCode()).isEqualTo(206);
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 999_995, 1_000_000));

            HttpResponse<byte[]> beyond = get(path, "Range", "bytes=999000-5000000");
            assertThat(beyond.statusCode()).isEqualTo(206);
            assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes 999000-999999/1000000");
            assertThat(beyond.body()).hasSize(1000);

            // several ranges: the whole file with 200 (RFC 9110 lets a server ignore Range)
            HttpResponse<byte[]> several = get(path, "Range", "bytes=0-9,100-109");
            assertThat(several.statusCode()).isEqualTo(200);
            assertThat(several.body()).isEqualTo(data);

            // a malformed Range is ignored; an If-Range for another version gets the whole file
            assertThat(get(path, "Range", "bytes=x-y").statusCode()).isEqualTo(200);
            String etag = middle.headers().firstValue("ETag").orElseThrow();
            assertThat(get(path, "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
            assertThat(get(path, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        }
    }

    @Test
    default void nonAsciiAndPathLikeNamesComeBackSafelyInContentDisposition() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            Map<String, String> expected = Map.of(
                    "季度报告 2026.pdf", "季度报告 2026.pdf",
                    "..\\..\\windows\\evil.exe", "evil.exe",
                    "../../etc/passwd", "passwd",
                    "naïve 😀 'x';=y.txt", "naïve 😀 'x';=y.txt");
            for (Map.Entry<String, String> name : expected.entrySet()) {
                JsonNode uploaded = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                        new Multipart().file("files", name.getKey(), null, random(10, 5)));
                assertThat(uploaded.get(0).path("title").asText()).isEqualTo(name.getValue());
                HttpResponse<byte[]> download = get("/api/attach/download?id=" + uploaded.get(0).path("id").asLong()
                        + "&sid=" + alice.sid);
                String header = download.headers().firstValue("Content-Disposition").orElseThrow();
                assertThat(header).startsWith("attachment; filename=\"").contains("filename*=UTF-8''");
                assertThat(header.chars()).as(header).allMatch(c -> c >= 0x20 && c < 0x7f);
                assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(name.getValue());
            }
        }
    }

    @Test
    default void theRealClientsLegacyPathsUploadDownloadAndConfigure() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient bob = fileUser("bob")) {
            String gid = groupChat(alice, bob);
            byte[] data = random(40_000, 6);
            // parts files[] and the field gid, sid as rid; the field may come after the files
            JsonNode uploaded = uploadOk("/sys/attach-upload.json?rid=" + alice.sid,
                    new Multipart().file("files[]", "legacy.doc", null, data).field("gid", gid));
            long id = uploaded.get(0).path("id").asLong();
            HttpResponse<byte[]> download = get("/sys/attach-download-" + id + ".json?rid=" + bob.sid);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(data);

            for (String path : new String[] {"/index.php?mode=getconfig", "/sys/index.php?mode=getconfig"}) {
                HttpResponse<byte[]> config = get(path);
                assertThat(config.statusCode()).isEqualTo(200);
                JsonNode body = json(config);
                assertThat(body.path("name").asText()).isEqualTo("ranzhi");
                assertThat(body.path("sessionName").asText()).isEqualTo("rid");
                assertThat(body.path("sessionID").asText()).isNotBlank();
                assertThat(body.path("requestType").asText()).isEqualTo("PATH_INFO");
                assertThat(body.path("requestFix").asText()).isEqualTo("-");
                assertThat(body.path("moduleVar").asText()).isEqualTo("m");
                assertThat(body.path("methodVar").asText()).isEqualTo("f");
                assertThat(body.path("viewVar").asText()).isEqualTo("t");
                assertThat(body.path("version").asText()).isNotBlank();
                // the host the request came to; the legacy TCP door's port where it is on, else the request's
                assertThat(body.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(body.path("port").asInt()).isEqualTo(getconfigPort());
                // the server's clock (which the lockout test moves forward), in Unix seconds
                assertThat(body.path("serverTime").asLong()).isCloseTo(clock().instant().getEpochSecond(),
                        org.assertj.core.data.Offset.offset(60L));
            }
            assertRefused(get("/index.php?mode=other"), 400, "fail", "getconfig");
        }
    }

    @Test
    default void attachGetListIsForMembersOfAKnownChatOnly() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient carol = fileUser("carol")) {
            String gid = groupChat(alice);
            JsonNode notMember = attachList(carol, gid);
            assertThat(notMember.path("result").asText()).isEqualTo("fail");
            assertThat(notMember.path("message").asText()).contains("not a member");
            JsonNode unknown = attachList(carol, "no-such-chat");
            assertThat(unknown.path("result").asText()).isEqualTo("fail");
            assertThat(unknown.path("message").asText()).contains("no chat");
            JsonNode missing = carol.request(carol.envelope("attach", "getList", null));
            assertThat(missing.path("result").asText()).isEqualTo("fail");
            assertThat(missing.path("message").asText()).contains("gid");
            // positional params, as the real client sends them; an empty chat lists nothing
            JsonNode positional = alice.request(alice.envelope("attach", "getList",
                    io.xuanxuan.model.json.ProtocolJson.nodes().arrayNode().add(gid)));
            assertThat(positional.path("result").asText()).isEqualTo("success");
            assertThat(positional.path("data").isArray()).isTrue();
            assertThat(new String(get("/index.php?mode=getconfig").body(), StandardCharsets.UTF_8)).contains("ranzhi");
        }
    }
}
