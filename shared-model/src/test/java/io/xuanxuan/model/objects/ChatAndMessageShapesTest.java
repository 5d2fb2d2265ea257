package io.xuanxuan.model.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.json.ProtocolJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2.x clients' additions to the objects: a message's {@code order}, a chat's {@code dismissDate} and the
 * caller's {@code category}; written in protocol order and read back as they were (the bus carries both).
 */
class ChatAndMessageShapesTest {

    @Test
    void aMessageCarriesItsOrderAndZeroWithoutOne() {
        Message ordered = new Message(5, "m", "c", 2, 1_700_000_000L, "normal", "text", "hi", 42);
        assertThat(ProtocolJson.write(ordered)).isEqualTo("{\"id\":5,\"gid\":\"m\",\"cgid\":\"c\",\"user\":2,"
                + "\"date\":1700000000,\"type\":\"normal\",\"contentType\":\"text\",\"content\":\"hi\",\"order\":42}");
        assertThat(ProtocolJson.read(ProtocolJson.write(ordered), Message.class)).isEqualTo(ordered);
        assertThat(new Message(5, "m", "c", 2, 1, "normal", "text", "hi").order()).isZero();
        assertThat(ProtocolJson.read("{\"gid\":\"m\",\"cgid\":\"c\"}", Message.class).order()).isZero();
    }

    @Test
    void aChatCarriesItsDismissDateAlwaysAndTheCallersCategoryOnlyWhereGiven() {
        Chat listed = new Chat(7, "g", "n", "group", List.of(1L), "", 0, false, "u1", 1, "", 0, 1, List.of(1L),
                true, false, false, 1_700_000_100L, "work");
        String json = ProtocolJson.write(listed);
        assertThat(json).endsWith("\"members\":[1],\"dismissDate\":1700000100,\"star\":true,\"hide\":false,"
                + "\"mute\":false,\"category\":\"work\"}");
        assertThat(ProtocolJson.read(json, Chat.class)).isEqualTo(listed);
        assertThat(listed.isDismissed()).isTrue();

        Chat pushed = new Chat(7, "g", "n", "group", List.of(1L), "", 0, false, "u1", 1, "", 0, 1, List.of(1L),
                null, null, null);
        assertThat(ProtocolJson.write(pushed)).endsWith("\"members\":[1],\"dismissDate\":0}");
        assertThat(pushed.isDismissed()).isFalse();
        assertThat(ProtocolJson.read(ProtocolJson.write(pushed), Chat.class)).isEqualTo(pushed);
    }
}
