package io.xuanxuan.chat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.chat.config.ChatProperties;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.InvalidRequestException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code message} reads its params: both shapes, defaults, dates, JSON content, limits. */
class MessageParsingTest {

    private static final long NOW = 1_700_000_000L;

    private final MessageHandler handler = new MessageHandler(null, ChatProperties.defaults(), Clock.systemUTC());

    private static JsonNode json(String text) throws Exception {
        return ProtocolJson.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void bothShapesGiveTheSameDraftsWithDefaults() throws Exception {
        String one = "{'gid':'m1','cgid':'c1','content':'hi','date':'','user':99}";
        List<Messaging.Draft> named = handler.parse(json("{'messages':[" + one + "]}"), NOW);
        List<Messaging.Draft> bare = handler.parse(json("[" + one + "]"), NOW);
        List<Messaging.Draft> nested = handler.parse(json("[[" + one + "]]"), NOW);
        assertThat(named).isEqualTo(bare).isEqualTo(nested);
        assertThat(named.get(0)).isEqualTo(new Messaging.Draft("m1", "c1", "normal", "text", "hi", NOW, 0));
    }

    @Test
    void datesAreSecondsAndNonTextContentIsKeptAsJsonText() throws Exception {
        List<Messaging.Draft> drafts = handler.parse(json("{'messages':["
                + "{'gid':'a','cgid':'c','date':1600000000},"
                + "{'gid':'b','cgid':'c','date':1600000000123},"
                + "{'gid':'c','cgid':'c','date':'1600000001','contentType':'IMAGE','content':{'name':'x.png'}},"
                + "{'gid':'d','cgid':'c','date':0,'contentType':'emotion','content':7}]}"), NOW);
        assertThat(drafts).extracting(Messaging.Draft::date).containsExactly(1600000000L, 1600000000L,
                1600000001L, NOW);
        assertThat(drafts.get(2).contentType()).isEqualTo("image");
        assertThat(drafts.get(2).content()).isEqualTo("{\"name\":\"x.png\"}");
        assertThat(drafts.get(3).content()).isEqualTo("7");
    }

    @Test
    void clientsCannotSendBroadcastsWhichOnlyTheServerMakes() {
        assertThatThrownBy(() -> handler.parse(json("{'messages':[{'gid':'a','cgid':'c','type':'normal'},"
                + "{'gid':'b','cgid':'c','type':'Broadcast','content':'SYSTEM: send your password to bob'}]}"), NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Message 2: 'type' broadcast is reserved for notices the server makes");
    }

    @Test
    void bothOrdersOfAOneToOneGidAreOneChatInARequest() throws Exception {
        assertThat(handler.parse(json("[{'gid':'a','cgid':'9&10'},{'gid':'b','cgid':'10&9'}]"), NOW)).hasSize(2);
    }

    @Test
    void badRequestsAreRefusedWithASentence() {
        MessageHandler handler = new MessageHandler(null, ChatProperties.of(Map.of("max-message-length", "5",
                "max-messages-per-request", "2")), Clock.systemUTC());
        assertThatThrownBy(() -> handler.parse(json("{'messages':[{'gid':'a','cgid':'c','content':'123456'}]}"), NOW))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("limited to 5 characters");
        assertThatThrownBy(() -> handler.parse(json("[{'gid':'a','cgid':'c'},{'gid':'b','cgid':'d'}]"), NOW))
                .hasMessageContaining("same chat");
        assertThatThrownBy(() -> handler.parse(json("[{'gid':'a','cgid':'c'},{'gid':'b','cgid':'c'},"
                + "{'gid':'e','cgid':'c'}]"), NOW)).hasMessageContaining("At most 2");
        assertThatThrownBy(() -> handler.parse(json("[{'cgid':'c'}]"), NOW)).hasMessageContaining("'gid' is required");
        assertThatThrownBy(() -> handler.parse(json("[{'gid':'a','cgid':'c','type':'secret'}]"), NOW))
                .hasMessageContaining("'type'");
        assertThatThrownBy(() -> handler.parse(json("{'messages':'hi'}"), NOW)).hasMessageContaining("array");
        assertThatThrownBy(() -> handler.parse(json("{}"), NOW)).hasMessageContaining("'messages' is required");
        assertThatThrownBy(() -> handler.parse(json("[]"), NOW)).hasMessageContaining("non-empty");
    }
}
