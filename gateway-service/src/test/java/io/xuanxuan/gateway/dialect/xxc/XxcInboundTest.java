package io.xuanxuan.gateway.dialect.xxc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Result;
import org.junit.jupiter.api.Test;

/** 2.x requests, as the 2.3 client sends them (xxc-2x-dialect.md A.6), translated for the gate. */
class XxcInboundTest {

    private static final SessionBinding BOUND = new SessionBinding(7, "alice", "sid-7");

    private static ObjectNode json(String text) {
        return (ObjectNode) ProtocolJson.read(text, JsonNode.class);
    }

    private static JsonNode ours(XxcInbound.Translated translated) {
        return ProtocolJson.read(translated.text(), JsonNode.class);
    }

    @Test
    void loginLosesTheServerNameAndCarriesNoSid() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"login","params":["xuanxuan","alice","0123456789abcdef0123456789abcdef","online"],
                 "v":"2.3.0","lang":"zh-cn","userID":99}"""), null);
        assertThat(t.answer()).isNull();
        JsonNode ours = ours(t);
        assertThat(ours.path("params").toString()).isEqualTo("[\"alice\",\"0123456789abcdef0123456789abcdef\",\"online\"]");
        assertThat(ours.has("sid")).isFalse();
        assertThat(ours.has("userID")).isFalse();
        assertThat(ours.has("v")).isFalse();
    }

    @Test
    void aThreeParameterLoginPassesAsItIs() {
        JsonNode ours = ours(XxcInbound.translate(json("""
                {"module":"chat","method":"login","params":["alice","x","online"]}"""), null));
        assertThat(ours.path("params").size()).isEqualTo(3);
        assertThat(ours.path("params").path(0).asText()).isEqualTo("alice");
    }

    @Test
    void theBoundSidIsAddedAndTheParamsPassUnchanged() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"history","params":["g1",50,1,0,true,1700000000],"userID":7}"""), BOUND);
        JsonNode ours = ours(t);
        assertThat(t.answer()).isNull();
        assertThat(ours.path("sid").asText()).isEqualTo("sid-7");
        assertThat(ours.path("method").asText()).isEqualTo("history");
        assertThat(ours.path("params").toString()).isEqualTo("[\"g1\",50,1,0,true,1700000000]");
    }

    @Test
    void anotherUsersIdIsDenied() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"getlist","userID":8}"""), BOUND);
        assertThat(t.answer()).isNotNull();
        assertThat(t.answer().result()).isEqualTo(Result.DENIED);
        assertThat(t.answer().method()).isEqualTo("getlist");
        assertThat(t.answer().message()).contains("8").contains("does not match");
    }

    @Test
    void theOwnIdAsNumberOrStringPasses() {
        assertThat(XxcInbound.translate(json("{\"module\":\"chat\",\"method\":\"getlist\",\"userID\":7}"), BOUND).answer()).isNull();
        assertThat(XxcInbound.translate(json("{\"module\":\"chat\",\"method\":\"getlist\",\"userID\":\"7\"}"), BOUND).answer()).isNull();
    }

    @Test
    void aUserListWithIdsIsMarkedAndWithoutIsNot() {
        XxcInbound.Translated byIds = XxcInbound.translate(json("""
                {"module":"chat","method":"usergetlist","params":[[3,4]]}"""), BOUND);
        XxcInbound.Translated all = XxcInbound.translate(json("""
                {"module":"chat","method":"usergetlist","params":[""]}"""), BOUND);
        assertThat(byIds.userListByIds()).isTrue();
        assertThat(all.userListByIds()).isFalse();
        assertThat(ours(byIds).path("method").asText()).isEqualTo("usergetlist");
    }

    @Test
    void userChangeOfTheStatusBecomesUserChangeStatus() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"userchange","params":[{"status":"busy","account":"alice"}]}"""), BOUND);
        assertThat(t.answer()).isNull();
        assertThat(ours(t).path("method").asText()).isEqualTo("userChangeStatus");
        assertThat(ours(t).path("params").toString()).isEqualTo("[\"busy\"]");
    }

    @Test
    void userChangeOfTheNameBecomesUserChangeName() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"userchange","params":[{"realname":"Alice B","account":"alice"}]}"""), BOUND);
        assertThat(ours(t).path("method").asText()).isEqualTo("userChangeName");
        assertThat(ours(t).path("params").toString()).isEqualTo("[\"Alice B\"]");
    }

    @Test
    void aPasswordChangeIsRefused() {
        XxcInbound.Translated t = XxcInbound.translate(json("""
                {"module":"chat","method":"userchange","params":[{"password":"0123","account":"alice"}]}"""), BOUND);
        assertThat(t.answer().result()).isEqualTo(Result.FAIL);
        assertThat(t.answer().method()).isEqualTo("userchange");
        assertThat(t.answer().message()).isEqualTo(XxcInbound.PASSWORD_CHANGE);
    }

    @Test
    void extensionsAreAnsweredWithAnEmptyArray() {
        XxcInbound.Translated t = XxcInbound.translate(json("{\"module\":\"chat\",\"method\":\"extensions\"}"), BOUND);
        assertThat(t.answer().result()).isEqualTo(Result.SUCCESS);
        assertThat(t.answer().data().isArray()).isTrue();
        assertThat(t.answer().data().size()).isZero();
        assertThat(ours(t).path("sid").asText()).as("the gate still checks the session").isEqualTo("sid-7");
    }

    @Test
    void todosAndServerAppsAreRefusedWithASentence() {
        XxcInbound.Translated todo = XxcInbound.translate(json("""
                {"module":"chat","method":"upserttodo","params":[{"name":"x"}]}"""), BOUND);
        XxcInbound.Translated entry = XxcInbound.translate(json("""
                {"module":"entry","method":"visit","params":{"entryID":3,"referer":""}}"""), BOUND);
        assertThat(todo.answer().result()).isEqualTo(Result.FAIL);
        assertThat(todo.answer().message()).isEqualTo(XxcInbound.TODO_NOT_OFFERED);
        assertThat(entry.answer().result()).isEqualTo(Result.FAIL);
        assertThat(entry.answer().module()).isEqualTo("entry");
        assertThat(entry.answer().method()).isEqualTo("visit");
        assertThat(entry.answer().message()).isEqualTo(XxcInbound.ENTRY_NOT_OFFERED);
    }

    @Test
    void aMessageObjectPassesAsItIs() {
        JsonNode ours = ours(XxcInbound.translate(json("""
                {"module":"chat","method":"message","params":{"messages":[{"gid":"m1","cgid":"g1","content":"hi","order":3}]}}"""), BOUND));
        assertThat(ours.path("params").path("messages").path(0).path("order").asInt()).isEqualTo(3);
    }
}
