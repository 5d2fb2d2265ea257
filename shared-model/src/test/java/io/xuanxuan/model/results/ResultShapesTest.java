package io.xuanxuan.model.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Chat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire shapes of the result records: field names and order exactly as the handlers wrote them before. */
class ResultShapesTest {

    @Test
    void eachResultWritesItsFieldsInProtocolOrder() {
        assertThat(ProtocolJson.write(new ChatMembers("g", List.of(1L, 2L))))
                .isEqualTo("{\"gid\":\"g\",\"members\":[1,2]}");
        assertThat(ProtocolJson.write(new ChatRenamed("g", "n"))).isEqualTo("{\"gid\":\"g\",\"name\":\"n\"}");
        assertThat(ProtocolJson.write(new ChatPublicChanged("g", true))).isEqualTo("{\"gid\":\"g\",\"public\":true}");
        assertThat(ProtocolJson.write(new MemberFlagChanged.Star("g", true)))
                .isEqualTo("{\"gid\":\"g\",\"star\":true}");
        assertThat(ProtocolJson.write(new MemberFlagChanged.Hide("g", false)))
                .isEqualTo("{\"gid\":\"g\",\"hide\":false}");
        assertThat(ProtocolJson.write(new MemberFlagChanged.Mute("g", true)))
                .isEqualTo("{\"gid\":\"g\",\"mute\":true}");
        assertThat(ProtocolJson.write(new HistoryPager(20, 2, 41, "g", true)))
                .isEqualTo("{\"recPerPage\":20,\"pageID\":2,\"recTotal\":41,\"gid\":\"g\",\"continued\":true}");
        Chat chat = new Chat(7, "g", "n", "group", List.of(), "", 0, false, "u1", 1, "", 0, 1, List.of(1L), null,
                null, null);
        assertThat(ProtocolJson.write(new ChatMembership("g", false, chat)))
                .isEqualTo("{\"gid\":\"g\",\"join\":false,\"chat\":" + ProtocolJson.write(chat) + "}");
    }
}
