package io.xuanxuan.gateway.dialect.xxc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** This server's frames, in the shape the 2.3 client listens for (xxc-2x-dialect.md A.5, A.6). */
class XxcOutboundTest {

    private static String translate(String frame) {
        return XxcOutbound.translate(ProtocolJson.read(frame, JsonNode.class), () -> false);
    }

    private static JsonNode json(String text) {
        return ProtocolJson.read(text, JsonNode.class);
    }

    @Test
    void pushMethodsAreLowercasedAndUserChangesRenamed() {
        JsonNode pushes = json(translate("""
                [{"id":1,"module":"chat","method":"userGetlist","data":[]},
                 {"id":2,"module":"chat","method":"getList","data":[]},
                 {"id":3,"module":"chat","method":"userChangeStatus","data":{"id":4,"status":"busy"}},
                 {"id":4,"module":"chat","method":"userChangeName","data":{"id":4,"realname":"B"}},
                 {"id":5,"module":"chat","method":"setCommitters","data":{}}]"""));
        assertThat(pushes.isArray()).isTrue();
        assertThat(pushes.findValuesAsText("method"))
                .containsExactly("usergetlist", "getlist", "userchange", "userchange", "setcommitters");
    }

    @Test
    void aLoginAnswerIsFollowedByTheSessionId() {
        String text = translate("""
                {"module":"chat","method":"login","result":"success","sid":"abc123","data":{"id":7,"account":"alice"}}""");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json(lines[0]).path("data").path("id").asLong()).isEqualTo(7);
        JsonNode sessionId = json(lines[1]);
        assertThat(sessionId.path("module").asText()).isEqualTo("chat");
        assertThat(sessionId.path("method").asText()).isEqualTo("SessionID");
        assertThat(sessionId.path("sessionID").asText()).isEqualTo("abc123");
    }

    @Test
    void aRefusedLoginHasNoSessionId() {
        String text = translate("""
                {"module":"chat","method":"login","result":"fail","message":"Wrong password.","data":"Wrong password."}""");
        assertThat(text).doesNotContain("SessionID").doesNotContain("\n");
    }

    @Test
    void aUserChangeAnswerIsRenamedBack() {
        JsonNode answer = json(translate("""
                {"module":"chat","method":"userChangeStatus","result":"success","data":{"id":7,"status":"busy"}}"""));
        assertThat(answer.path("method").asText()).isEqualTo("userchange");
        assertThat(answer.path("data").path("status").asText()).isEqualTo("busy");
    }

    @Test
    void aNameChangeAnswerCarriesTheRealnameTheClientMergesIntoTheUser() {
        JsonNode answer = json(translate("""
                {"module":"chat","method":"userChangeName","result":"success","data":{"id":7,"name":"Gus"}}"""));
        assertThat(answer.path("method").asText()).isEqualTo("userchange");
        assertThat(answer.path("data").path("realname").asText()).isEqualTo("Gus");
        assertThat(answer.path("data").has("name")).isFalse();
    }

    @Test
    void aJoinChatAnswerCarriesTheChat() {
        JsonNode answer = json(translate("""
                {"module":"chat","method":"joinchat","result":"success","data":{"gid":"g1","join":true,"chat":{"gid":"g1","name":"G"}}}"""));
        assertThat(answer.path("data").path("name").asText()).isEqualTo("G");
        assertThat(answer.path("data").has("join")).isFalse();
    }

    @Test
    void aUserListAnswerToIdsIsPartialAndTheMarkIsTakenOncePerAnswer() {
        AtomicInteger asked = new AtomicInteger();
        JsonNode byIds = json(XxcOutbound.translate(json("""
                {"module":"chat","method":"usergetlist","result":"success","data":[]}"""), () -> asked.incrementAndGet() > 0));
        JsonNode all = json(XxcOutbound.translate(json("""
                {"module":"chat","method":"usergetlist","result":"success","data":[]}"""), () -> false));
        JsonNode push = json(XxcOutbound.translate(json("""
                [{"module":"chat","method":"userGetlist","data":[]}]"""), () -> { asked.incrementAndGet(); return true; }));
        assertThat(byIds.path("partial").asBoolean()).isTrue();
        assertThat(all.has("partial")).isFalse();
        assertThat(push.path(0).has("partial")).as("pushes are not answers").isFalse();
        assertThat(asked.get()).as("asked for the answer only").isEqualTo(1);
    }

    @Test
    void theKickoffStaysOneObject() {
        JsonNode kickoff = json(translate("""
                {"module":"chat","method":"kickoff","message":"This account logined in another place."}"""));
        assertThat(kickoff.isObject()).isTrue();
        assertThat(kickoff.path("method").asText()).isEqualTo("kickoff");
    }

    @Test
    void otherAnswersEchoTheClientsSpelling() {
        JsonNode answer = json(translate("""
                {"module":"chat","method":"getlist","result":"success","data":[]}"""));
        assertThat(answer.path("method").asText()).isEqualTo("getlist");
    }
}
