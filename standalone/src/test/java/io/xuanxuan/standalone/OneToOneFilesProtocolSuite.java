package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.file.Multipart;
import io.xuanxuan.testclient.ProtocolClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of a one-to-one chat under either order of its gid (PROTOCOL.md section 3): the real clients
 * write users 9 and 10 as {@code "10&9"}, the document as {@code "9&10"}; both name the one chat, for
 * uploads and {@code attach/getList} too.
 */
public interface OneToOneFilesProtocolSuite extends FileProtocolSupport {

    @Test
    default void aOneToOneChatsFilesAreItsFilesUnderEitherOrderOfItsGid() {
        try (ProtocolClient victor = fileUser("victor"); ProtocolClient wendy = fileUser("wendy"); ProtocolClient xavier = fileUser("xavier")) {
            long a = id(victor);
            long b = id(wendy);
            String created = Math.max(a, b) + "&" + Math.min(a, b);
            String other = Math.min(a, b) + "&" + Math.max(a, b);
            JsonNode chat = victor.request(victor.positional("create", created, "", "one2one", List.of(a, b), 0));
            assertThat(chat.path("result").asText()).as(chat.toString()).isEqualTo("success");
            String gid = chat.path("data").path("gid").asText();
            String notStored = gid.equals(created) ? other : created;
            await(() -> "success".equals(attachList(wendy, gid).path("result").asText()),
                    "the file service knows chat " + gid);

            long file = uploadOk("/api/attach/upload?gid=" + URLEncoder.encode(notStored, StandardCharsets.UTF_8)
                    + "&sid=" + wendy.sid, new Multipart().file("files", "both.txt", "text/plain", random(500, 7)))
                    .get(0).path("id").asLong();
            for (String name : List.of(created, other)) {
                for (ProtocolClient member : List.of(victor, wendy)) {
                    JsonNode list = attachList(member, name);
                    assertThat(list.path("result").asText()).as(name + ": " + list).isEqualTo("success");
                    assertThat(list.path("data").findValuesAsText("id")).contains(String.valueOf(file));
                }
                assertThat(attachList(xavier, name).path("result").asText()).as("not a member").isEqualTo("fail");
            }
            assertThat(get("/api/attach/download?id=" + file + "&sid=" + victor.sid).statusCode()).isEqualTo(200);
            assertThat(get("/api/attach/download?id=" + file + "&sid=" + xavier.sid).statusCode()).isEqualTo(403);
        }
    }
}
