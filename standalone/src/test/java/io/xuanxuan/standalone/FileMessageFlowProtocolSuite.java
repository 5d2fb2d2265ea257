package io.xuanxuan.standalone;

import io.xuanxuan.file.Multipart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real client's file message (PROTOCOL.md section 3, Message): it sends the file message before the
 * upload, uploads, then sends the same message gid again with the file's id in the content; the stored
 * message's content is replaced, the history shows one message with the id, and the other member downloads
 * the file by that id. Needs the chat service's create, message and history.
 */
public interface FileMessageFlowProtocolSuite extends FileProtocolSupport {

    private ObjectNode message(ProtocolClient sender, String gid, String cgid, String content) {
        ObjectNode message = ProtocolJson.nodes().objectNode()
                .put("gid", gid).put("cgid", cgid).put("type", "normal").put("contentType", "file")
                .put("content", content).put("date", "").put("user", id(sender));
        ObjectNode params = ProtocolJson.nodes().objectNode();
        params.putArray("messages").add(message);
        return sender.envelope("chat", "message", params);
    }

    @Test
    default void aFileMessageSentBeforeTheUploadIsCompletedByReSendingItsGid() {
        try (ProtocolClient alice = fileUser("alice"); ProtocolClient bob = fileUser("bob")) {
            String cgid = groupChat(alice, bob);
            String messageGid = UUID.randomUUID().toString();
            byte[] data = random(250_000, 7);

            // 1. the message goes out before the upload, without a file id
            String pending = "{\"name\":\"plan.pdf\",\"size\":" + data.length + ",\"send\":0}";
            JsonNode first = alice.request(message(alice, messageGid, cgid, pending));
            assertThat(first.path("result").asText()).as(first.toString()).isEqualTo("success");

            // 2. the upload
            long fileId = uploadOk("/api/attach/upload?gid=" + cgid + "&sid=" + alice.sid,
                    new Multipart().file("files", "plan.pdf", "application/pdf", data)).get(0).path("id").asLong();

            // 3. the same gid again, now with the file's id: the stored content is replaced
            String done = "{\"name\":\"plan.pdf\",\"size\":" + data.length + ",\"send\":1,\"id\":" + fileId + "}";
            JsonNode second = alice.request(message(alice, messageGid, cgid, done));
            assertThat(second.path("result").asText()).as(second.toString()).isEqualTo("success");
            assertThat(second.path("data").get(0).path("content").asText()).isEqualTo(done);

            JsonNode history = bob.request(bob.named("history", "gid", cgid, "recPerPage", 20, "pageID", 1,
                    "recTotal", 0, "continued", false));
            assertThat(history.path("result").asText()).as(history.toString()).isEqualTo("success");
            JsonNode messages = history.path("data");
            long copies = 0;
            JsonNode stored = null;
            for (JsonNode each : messages) {
                if (messageGid.equals(each.path("gid").asText())) {
                    copies++;
                    stored = each;
                }
            }
            assertThat(copies).as("one message for the gid: " + messages).isEqualTo(1);
            assertThat(stored.path("contentType").asText()).isEqualTo("file");
            assertThat(stored.path("content").asText()).isEqualTo(done);

            // the other member follows the id in the content to the file
            long idInContent = ProtocolJson.mapper().valueToTree(ProtocolJson.read(stored.path("content").asText(),
                    java.util.Map.class)).path("id").asLong();
            HttpResponse<byte[]> download = get("/api/attach/download?id=" + idInContent + "&sid=" + bob.sid);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(data);
        }
    }
}
