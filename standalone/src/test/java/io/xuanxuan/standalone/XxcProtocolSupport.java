package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import io.xuanxuan.testclient.XxcClient.ServerInfoReply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the 2.x suites ({@code Xxc*ProtocolSuite}) need of the server under test, besides {@link ProtocolTestSupport}:
 * where the 2.x client's HTTP calls go ({@code /serverInfo}; {@code /upload} and {@code /download}), and how a
 * handed-out socket URL reaches a gateway. In the standalone server all of it is the one HTTP port and the URL is
 * used as handed out; with the services apart, {@code /serverInfo} is presence's, the files are the file
 * service's, and the test plays the ingress that sends {@code /xxc/ws} to a gateway ({@link #route}).
 *
 * <p>The suites' clients of the other dialects are always explicit: {@link #wsUser} (JSON on {@code /ws}) and
 * {@link #tcpUser} (the 1.0 client on the TCP door), whatever {@link #transport()} says.
 *
 * <p>Each suite uses accounts of its own (the {@code x...} accounts of test-accounts.csv), so that offline queues,
 * duplicate logins and lockouts of one suite never reach another.
 */
public interface XxcProtocolSupport extends ProtocolTestSupport {

    /** The server name the 2.x client puts in the login (the URL's user name or path); one organization here. */
    String SERVER_NAME = "xuanxuan";
    String PASSWORD = "123456";
    Duration WAIT = XxcClient.LISTEN_TIMEOUT;

    /** {@code http://host:port} where {@code POST /serverInfo} goes. */
    String serverInfoBase();

    /** {@code http://host:port} where {@code /upload} and {@code /download} go. */
    String fileBase();

    /** The URL the client opens for a handed-out socket URL: as it is (standalone); a gateway's (services apart). */
    default String route(String socketUrl) {
        return socketUrl;
    }

    default ServerInfoReply serverInfo(String account, String password) {
        return XxcClient.serverInfo(serverInfoBase(), SERVER_NAME, account, WsClient.md5(password));
    }

    /** A successful {@code /serverInfo} of this account (password 123456). */
    default ServerInfoReply serverInfoOk(String account) {
        ServerInfoReply reply = serverInfo(account, PASSWORD);
        assertThat(reply.status()).as("POST /serverInfo for " + account + ": " + reply.body()).isEqualTo(200);
        return reply;
    }

    /** Connected to the socket URL {@code /serverInfo} handed out, not logged in yet. */
    default XxcClient xxcConnect(ServerInfoReply info) {
        return XxcClient.connect(route(info.socketUrl()), info.token());
    }

    /** The 2.x login request: {@code [serverName, account, md5(password), "online"]}. */
    default void sendLogin(XxcClient client, String account) {
        client.send("chat", "login", XxcClient.params(SERVER_NAME, account, WsClient.md5(PASSWORD), "online"));
    }

    /**
     * Logs in as the 2.3 client does ({@code /serverInfo}, the socket URL, {@code login}); takes the login reply,
     * {@code SessionID}, the user list and the chat list (the user is then fully logged in; a test's own
     * {@code usergetlist} must not meet the login's).
     */
    default XxcClient xxcLogin(String account) {
        XxcClient client = xxcConnect(serverInfoOk(account));
        sendLogin(client, account);
        JsonNode login = client.expect("chat", "login");
        assertThat(login.path("result").asText("success")).as("login of " + account + ": " + login).isEqualTo("success");
        client.expect("chat", "SessionID");
        client.expect("chat", "usergetlist");
        client.expect("chat", "getlist");
        return client;
    }

    /** A 1.0-dialect user on the JSON WebSocket {@code /ws}. */
    default WsClient wsUser(String account) {
        return WsClient.login(nextPort(), account, PASSWORD);
    }

    /** A 1.0 desktop client on the gateway's TCP door. */
    default TcpClient tcpUser(String account) {
        return TcpClient.login(nextTcpPort(), account, PASSWORD);
    }

    default long idOf(String account) {
        return accounts().findByAccount(account).blockOptional(Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError("no account " + account)).id();
    }

    default String newGid() {
        return UUID.randomUUID().toString();
    }

    /** A 2.x {@code create} of a group chat; asserts success, answers the chat. */
    default JsonNode createGroup(XxcClient creator, String gid, String name, long... members) {
        List<Long> ids = new ArrayList<>();
        for (long member : members) {
            ids.add(member);
        }
        JsonNode reply = creator.call("create", XxcClient.params(gid, name, "group", ids, 0, false));
        assertThat(reply.path("result").asText()).as("create " + gid + ": " + reply).isEqualTo("success");
        return reply.path("data");
    }

    /** One message as the 2.3 client sends it ({@code chat-message.js}). */
    default ObjectNode message(XxcClient sender, String cgid, String content, int order) {
        return ProtocolJson.nodes().objectNode().put("gid", newGid()).put("cgid", cgid).put("type", "normal")
                .put("contentType", "text").put("content", content).put("date", "").put("user", sender.userId())
                .put("order", order);
    }

    /** {@code message} with the object params the 2.x client sends: {@code {messages:[...]}}; answers the reply. */
    /**
     * Sends {@code message} and takes its reply: the {@code chat/message} item with a {@code result} that names the
     * first message's gid. Not simply the next {@code chat/message}: pushes carry the same module and method (the
     * client tells them apart only by content), and a user may have offline messages of other tests (a group of
     * everyone) still arriving after its login.
     */
    default JsonNode sendMessages(XxcClient sender, ObjectNode... messages) {
        ObjectNode params = ProtocolJson.nodes().objectNode();
        params.putArray("messages").addAll(List.of(messages));
        String gid = messages[0].path("gid").asText();
        sender.send("chat", "message", params);
        return sender.awaitFrame(item -> "chat".equals(item.path("module").asText())
                        && "message".equals(item.path("method").asText()) && item.has("result")
                        && (!"success".equals(item.path("result").asText()) || item.path("data").toString().contains(gid)),
                        XxcClient.LISTEN_TIMEOUT)
                .orElseThrow(() -> new AssertionError("no chat/message reply naming " + gid + " within "
                        + XxcClient.LISTEN_TIMEOUT + "; received: " + sender.frames()));
    }

    /** The reply or push to a method the client sends without listening: its handler table is lowercased. */
    default JsonNode handled(XxcClient client, String method) {
        return client.awaitFrame(item -> "chat".equals(item.path("module").asText())
                        && method.equalsIgnoreCase(item.path("method").asText()), WAIT)
                .orElseThrow(() -> new AssertionError("no chat/" + method + " (any case) within " + WAIT
                        + "; received: " + client.frames()));
    }

    default void assertSuccess(JsonNode reply) {
        assertThat(reply.path("result").asText("success")).as(reply.toString()).isEqualTo("success");
    }

    default void assertFail(JsonNode reply) {
        assertThat(reply.path("result").asText()).as(reply.toString()).isEqualTo("fail");
        assertThat(reply.path("message").asText()).as("a sentence a person can act on: " + reply).isNotBlank();
    }

    /**
     * The {@code chat/message} item carrying the message of this gid (a user may also have older pushes waiting,
     * offline messages of earlier tests).
     */
    default JsonNode messagePush(XxcClient client, String messageGid) {
        return client.awaitFrame(item -> "chat".equals(item.path("module").asText())
                        && "message".equals(item.path("method").asText())
                        && texts(item.path("data"), "gid").contains(messageGid), WAIT)
                .orElseThrow(() -> new AssertionError("no chat/message with " + messageGid + " within " + WAIT
                        + "; received: " + client.frames()));
    }

    /** The string values of a field over an array of objects. */
    default List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    /** The long values of a field over an array of objects. */
    default List<Long> longs(JsonNode array, String field) {
        List<Long> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asLong()));
        return values;
    }

    /** {@code scheme://host:port} of a URL. */
    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
