package io.xuanxuan.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import io.xuanxuan.presence.PresenceFixture;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence's rules as commands through its {@link io.xuanxuan.service.command.CommandDispatcher} on H2, the
 * published records captured: what a client would see, without a WebSocket.
 */
class PresenceDispatchTest {

    private static final String GATEWAY = "gw";

    private final PresenceFixture presence = new PresenceFixture();
    private final AtomicInteger commands = new AtomicInteger();

    @AfterEach
    void close() {
        presence.close();
    }

    @Test
    void aLogoutFromAConnectionThatANewerLoginReplacedLeavesTheUserOnline() {
        long carol = presence.account("carol");
        login("carol", "old");
        login("carol", "new");

        List<Object> late = dispatch(request(carol, "old", Methods.LOGOUT, null));

        assertThat(response(late, "old").result()).isEqualTo(Result.SUCCESS);
        assertThat(closes(late, "old")).as("the replaced connection is closed").isTrue();
        assertThat(offlineEvents(late)).as("no OFFLINE event").isEmpty();
        assertThat(logoutPushes(late)).as("no logout push").isEmpty();
        assertThat(presence.status(carol)).as("the newer connection is online").isEqualTo("online");
        assertThat(presence.sessions.find(carol).block().connectionId()).isEqualTo("new");

        List<Object> real = dispatch(request(carol, "new", Methods.LOGOUT, null));

        assertThat(closes(real, "new")).isTrue();
        assertThat(logoutPushes(real)).containsExactly("carol");
        assertThat(offlineEvents(real)).containsExactly("carol");
        assertThat(presence.status(carol)).isEqualTo("offline");
        assertThat(presence.sessions.find(carol).blockOptional()).isEmpty();
    }

    @Test
    void theCloseOfAReplacedConnectionLeavesTheUserOnlineAndTheCloseOfTheLiveOneTakesThemOffline() {
        long dave = presence.account("dave");
        login("dave", "c1");
        login("dave", "c2");

        List<Object> stale = dispatch(Command.connectionClosed("closed-1", GATEWAY, "c1", dave, 1L));
        assertThat(stale).isEmpty();
        assertThat(presence.status(dave)).isEqualTo("online");

        List<Object> live = dispatch(Command.connectionClosed("closed-2", GATEWAY, "c2", dave, 2L));
        assertThat(offlineEvents(live)).containsExactly("dave");
        assertThat(logoutPushes(live)).as("a dropped connection pushes nothing").isEmpty();
        assertThat(presence.status(dave)).isEqualTo("offline");
    }

    @Test
    void aSecondLoginKicksTheFirstConnectionOffWithTheNoticeOfTheDocumentFirst() {
        presence.account("erin");
        login("erin", "first");

        List<Object> second = login("erin", "second");

        Delivery kickoff = (Delivery) second.get(0);
        assertThat(kickoff.target().connectionId()).isEqualTo("first");
        assertThat(kickoff.close()).isTrue();
        assertThat(ProtocolJson.write(kickoff.notice())).isEqualTo(
                "{\"module\":\"chat\",\"method\":\"kickoff\",\"message\":\"This account logined in another place.\"}");
        assertThat(response(second, "second").result()).isEqualTo(Result.SUCCESS);
        assertThat(second).filteredOn(PresenceEvent.class::isInstance).extracting(e -> ((PresenceEvent) e).type())
                .containsExactly(PresenceEvent.Type.ONLINE);
    }

    @Test
    void aLoginWithAnOverlongAccountOrAStatusNobodyMayChooseFailsWithAMessage() {
        Response longName = response(dispatch(loginRequest("x".repeat(65), "online", "c1")), "c1");
        assertThat(longName.result()).isEqualTo(Result.FAIL);
        assertThat(longName.message()).isEqualTo("Parameter 'account' must be 1 to 64 characters.");

        long fred = presence.account("fred");
        Response offline = response(dispatch(loginRequest("fred", "offline", "c2")), "c2");
        assertThat(offline.result()).isEqualTo(Result.FAIL);
        assertThat(offline.message()).isEqualTo("Parameter 'status' must be online, away or busy.");
        assertThat(presence.sessions.find(fred).blockOptional()).isEmpty();
    }

    @Test
    void changesOfNameAndStatusAnswerIdFirstAndTellTheOthers() {
        long gina = presence.account("gina");
        login("gina", "g1");

        List<Object> renamed = dispatch(request(gina, "g1", Methods.USER_CHANGE_NAME,
                ProtocolJson.nodes().objectNode().put("name", "  Gina G  ")));
        assertThat(ProtocolJson.write(response(renamed, "g1").data()))
                .isEqualTo("{\"id\":" + gina + ",\"name\":\"Gina G\"}");
        assertThat(pushed(renamed, Methods.USER_CHANGE_NAME)).containsExactly("gina");

        List<Object> busy = dispatch(request(gina, "g1", Methods.USER_CHANGE_STATUS,
                ProtocolJson.nodes().objectNode().put("status", "busy")));
        assertThat(ProtocolJson.write(response(busy, "g1").data()))
                .isEqualTo("{\"id\":" + gina + ",\"status\":\"busy\"}");
        assertThat(pushed(busy, Methods.USER_CHANGE_STATUS)).containsExactly("gina");
        assertThat(presence.status(gina)).isEqualTo("busy");

        Response tooLong = response(dispatch(request(gina, "g1", Methods.USER_CHANGE_NAME,
                ProtocolJson.nodes().objectNode().put("name", "n".repeat(101)))), "g1");
        assertThat(tooLong.result()).isEqualTo(Result.FAIL);
        assertThat(tooLong.message()).isEqualTo("Parameter 'name' must be 1 to 100 characters.");
    }

    @Test
    void settingsAreTheCallersOwnAndBounded() {
        long hugo = presence.account("hugo");
        presence.account("ida");
        login("hugo", "h1");

        Response others = response(dispatch(request(hugo, "h1", Methods.SETTINGS,
                ProtocolJson.nodes().objectNode().put("account", "ida"))), "h1");
        assertThat(others.result()).isEqualTo(Result.DENIED);

        ObjectNode stored = ProtocolJson.nodes().objectNode();
        stored.putObject("settings").put("theme", "dark");
        assertThat(response(dispatch(request(hugo, "h1", Methods.SETTINGS, stored)), "h1").result())
                .isEqualTo(Result.SUCCESS);
        Response read = response(dispatch(request(hugo, "h1", Methods.SETTINGS, null)), "h1");
        assertThat(ProtocolJson.write(read.data())).isEqualTo("{\"theme\":\"dark\"}");

        ObjectNode huge = ProtocolJson.nodes().objectNode();
        huge.putObject("settings").put("blob", "b".repeat(16000));
        Response refused = response(dispatch(request(hugo, "h1", Methods.SETTINGS, huge)), "h1");
        assertThat(refused.result()).isEqualTo(Result.FAIL);
        assertThat(refused.message()).isEqualTo("Settings are limited to 16000 characters of JSON.");
    }

    @Test
    void settingsInThe2xClientsShapesReadAndStoreAnObject() {
        // xxc-2x-dialect.md A.6: [account, ""] reads (data: the object, or an empty one before any save),
        // [account, {...}] saves; the 2.x client applies data only when its lastSaveTime is newer
        long jana = presence.account("jana");
        login("jana", "j1");

        Response before = response(dispatch(request(jana, "j1", Methods.SETTINGS, positional("jana", ""))), "j1");
        assertThat(before.result()).isEqualTo(Result.SUCCESS);
        assertThat(ProtocolJson.write(before.data())).isEqualTo("{}");

        ObjectNode document = ProtocolJson.nodes().objectNode().put("lastSaveTime", 1700000000123L);
        document.putObject("ui").put("chat.sendHDEmoticon", true);
        Response saved = response(dispatch(request(jana, "j1", Methods.SETTINGS, positional("jana", document))), "j1");
        assertThat(saved.result()).isEqualTo(Result.SUCCESS);
        assertThat(saved.data()).isEqualTo(document);

        Response read = response(dispatch(request(jana, "j1", Methods.SETTINGS, positional("jana", ""))), "j1");
        assertThat(read.data()).isEqualTo(document);
        assertThat(read.data().path("lastSaveTime").asLong()).isEqualTo(1700000000123L);

        Response others = response(dispatch(request(jana, "j1", Methods.SETTINGS, positional("hugo", ""))), "j1");
        assertThat(others.result()).isEqualTo(Result.DENIED);
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode positional(String account, Object settings) {
        var params = ProtocolJson.nodes().arrayNode().add(account);
        return settings instanceof com.fasterxml.jackson.databind.JsonNode node ? params.add(node)
                : params.add(String.valueOf(settings));
    }

    private List<Object> login(String account, String connectionId) {
        List<Object> published = dispatch(loginRequest(account, "online", connectionId));
        assertThat(response(published, connectionId).result()).as("login of " + account).isEqualTo(Result.SUCCESS);
        return published;
    }

    private Command loginRequest(String account, String status, String connectionId) {
        ObjectNode params = ProtocolJson.nodes().objectNode()
                .put("account", account).put("password", PresenceFixture.PASSWORD).put("status", status);
        return Command.request(nextId(), GATEWAY, connectionId, null,
                new Request(Methods.MODULE_CHAT, Methods.LOGIN, params, null, null), System.currentTimeMillis());
    }

    private Command request(long userId, String connectionId, String method,
                            com.fasterxml.jackson.databind.JsonNode params) {
        return Command.request(nextId(), GATEWAY, connectionId, userId,
                new Request(Methods.MODULE_CHAT, method, params, "sid", null), System.currentTimeMillis());
    }

    private String nextId() {
        return "cmd-" + commands.incrementAndGet();
    }

    private List<Object> dispatch(Command command) {
        return presence.dispatch(command);
    }

    private static List<Delivery> deliveries(List<Object> published) {
        return published.stream().filter(Delivery.class::isInstance).map(Delivery.class::cast).toList();
    }

    private static Response response(List<Object> published, String connectionId) {
        return deliveries(published).stream()
                .filter(d -> d.response() != null && Objects.equals(d.target().connectionId(), connectionId))
                .map(Delivery::response)
                .findFirst().orElseThrow(() -> new AssertionError("no response to " + connectionId + ": " + published));
    }

    private static boolean closes(List<Object> published, String connectionId) {
        return deliveries(published).stream()
                .anyMatch(d -> d.close() && Objects.equals(d.target().connectionId(), connectionId));
    }

    /** The accounts that pushes of {@code method} to the others are about. */
    private static List<String> pushed(List<Object> published, String method) {
        return deliveries(published).stream().filter(d -> d.packets() != null && !d.target().isConnection())
                .flatMap(d -> d.packets().stream())
                .filter(p -> method.equals(p.method()))
                .map(p -> p.data().path("account").asText())
                .toList();
    }

    private static List<String> logoutPushes(List<Object> published) {
        return pushed(published, Methods.LOGOUT);
    }

    private static List<String> offlineEvents(List<Object> published) {
        return published.stream().filter(PresenceEvent.class::isInstance).map(PresenceEvent.class::cast)
                .filter(e -> e.type() == PresenceEvent.Type.OFFLINE)
                .map(e -> e.user().account()).toList();
    }
}
