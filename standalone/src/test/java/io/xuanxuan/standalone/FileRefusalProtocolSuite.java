package io.xuanxuan.standalone;

import io.xuanxuan.file.Multipart;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.testclient.ProtocolClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the file endpoints: its status, its JSON body ({@code result} fail or denied, a message a
 * person can act on), and that nothing of the refused upload is left (no object in the store's directory,
 * no row).
 */
public interface FileRefusalProtocolSuite extends FileProtocolSupport {

    long LIMIT = 32L * 1024 * 1024;

    /** Runs a refused request and checks the store and the rows are as before. */
    private HttpResponse<byte[]> leavesNothing(java.util.function.Supplier<HttpResponse<byte[]>> request) {
        List<String> objects = storedObjects();
        long rows = rows();
        HttpResponse<byte[]> response = request.get();
        // a refused upload's clean-up may still be running when the answer arrives
        await(() -> storedObjects().equals(objects), "the store holds what it held before");
        assertThat(rows()).as("rows").isEqualTo(rows);
        return response;
    }

    private Multipart oneFile() {
        return new Multipart().file("files", "a.txt", "text/plain", random(1000, 1));
    }

    @Test
    default void withoutAValidSidNothingIsAccepted() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            long id = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid, oneFile()).get(0).path("id").asLong();

            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid, oneFile())), 401, "denied", "Log in first");
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=made-up", oneFile())),
                    401, "denied", "log in again");
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid, oneFile(), "Authorization", "Bearer nope")),
                    401, "denied", "log in again");
            assertRefused(get("/api/attach/download?id=" + id), 401, "denied", "Log in first");
            assertRefused(get("/sys/attach-download-" + id + ".json?rid=made-up"), 401, "denied", "not valid");
            assertThat(get("/api/attach/download?id=" + id + "&sid=" + alice.sid).statusCode()).isEqualTo(200);
        }
    }

    @Test
    default void aSidStopsWorkingAtLogoutAndWhenReplacedByANewLogin() {
        ProtocolClient first = fileUser("dave");
        String oldSid = first.sid;
        String gid = groupChat(first);
        // a second login of the same account replaces the session (and kicks the first connection)
        try (ProtocolClient second = fileUser("dave")) {
            awaitSid(oldSid, false);
            assertRefused(post("/api/attach/upload?gid=" + gid + "&sid=" + oldSid, oneFile()), 401, "denied", "not valid");
            uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + second.sid, oneFile());
            logout(second);
            awaitSid(second.sid, false);
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + second.sid, oneFile())),
                    401, "denied", "not valid");
        } finally {
            first.close();
        }
    }

    @Test
    default void onlyMembersMayUploadToAChatOrDownloadItsFiles() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient carol = fileUser("carol")) {
            String gid = groupChat(alice);
            long id = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid, oneFile()).get(0).path("id").asLong();
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + carol.sid, oneFile())),
                    403, "denied", "not a member");
            // the gid as a form field after the file (the real client): the stored file is removed again
            assertRefused(leavesNothing(() -> post("/sys/attach-upload.json?rid=" + carol.sid, new Multipart()
                    .file("files[]", "big.bin", null, random(2_000_000, 2)).field("gid", gid))), 403, "denied", "not a member");
            assertRefused(get("/api/attach/download?id=" + id + "&sid=" + carol.sid), 403, "denied", "only its members");
            assertRefused(get("/sys/attach-download-" + id + ".json?rid=" + carol.sid), 403, "denied", "only its members");
        }
    }

    @Test
    default void unknownChatsAndFilesAreNotFound() {
        try (ProtocolClient alice = fileUser("alice")) {
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=no-such-chat&sid=" + alice.sid, oneFile())),
                    404, "fail", "There is no chat with gid 'no-such-chat'");
            assertRefused(get("/api/attach/download?id=987654321&sid=" + alice.sid), 404, "fail", "no file with id '987654321'");
            assertRefused(get("/api/attach/download?id=abc&sid=" + alice.sid), 404, "fail", "no file");
            assertRefused(get("/sys/attach-download-987654321.json?rid=" + alice.sid), 404, "fail", "no file");
            assertRefused(get("/api/attach/download?sid=" + alice.sid), 400, "fail", "add id=");
        }
    }

    @Test
    default void anUploadWithoutChatOrWithoutFilesIsRefused() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            assertRefused(leavesNothing(() -> post("/api/attach/upload?sid=" + alice.sid, oneFile())),
                    400, "fail", "gid");
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().field("note", "no file here"))), 400, "fail", "no file");
            // a form's empty file input: a part with an empty name and no bytes
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().file("files", "", "application/octet-stream", new byte[0]))), 400, "fail", "no file");
            // parts under other names are not files of the upload
            assertRefused(leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().file("attachment", "a.txt", null, random(10, 3)))), 400, "fail", "no file");
            assertRefused(leavesNothing(() -> send(HttpRequest.newBuilder(URI.create(
                            url("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build())),
                    415, "fail", "multipart/form-data");
        }
    }

    @Test
    default void aFileOverTheLimitIsRefusedWhileItStreamsAndTheWholeUploadIsUndone() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            // one byte over the default 32 MiB, after a first file that fits (both are undone)
            HttpResponse<byte[]> refused = leavesNothing(() -> post("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid,
                    new Multipart().file("files", "fits.txt", null, random(100_000, 4))
                            .file("files", "huge.bin", null, LIMIT + 1, () -> Multipart.generated(LIMIT + 1))));
            assertRefused(refused, 413, "fail", "larger than the limit of 32 MiB");
            // exactly the limit is fine
            long id = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid, new Multipart()
                    .file("files", "limit.bin", null, LIMIT, () -> Multipart.generated(LIMIT))).get(0).path("id").asLong();
            HttpResponse<byte[]> tail = get("/api/attach/download?id=" + id + "&sid=" + alice.sid,
                    "Range", "bytes=-3");
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (LIMIT - 3) + "-" + (LIMIT - 1) + "/" + LIMIT);
        }
    }

    @Test
    default void aRangeOutsideTheFileIs416() {
        try (ProtocolClient alice = fileUser("alice")) {
            String gid = groupChat(alice);
            long id = uploadOk("/api/attach/upload?gid=" + gid + "&sid=" + alice.sid, oneFile()).get(0).path("id").asLong();
            HttpResponse<byte[]> outside = get("/api/attach/download?id=" + id + "&sid=" + alice.sid, "Range", "bytes=1000-");
            assertRefused(outside, 416, "fail", "outside the file");
            assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */1000");
            assertRefused(get("/api/attach/download?id=" + id + "&sid=" + alice.sid, "Range", "bytes=-0"), 416, "fail", "1000 bytes");
        }
    }

    /** logout over the socket; waits for the response and the close. */
    private void logout(ProtocolClient client) {
        assertThat(client.request(client.envelope("chat", "logout", null)).path("result").asText()).isEqualTo("success");
        client.awaitClosed(Duration.ofSeconds(10));
    }
}
