package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.testclient.ProtocolClient;
import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix of issue 10: every method of the method table (PROTOCOL.md section 5, the
 * routes of {@link Methods}) called by each kind of caller, against the permission table of section 4.
 * Each cell starts from a fresh group chat (alice created it, so she is its admin; bob and carol are
 * members; dave is not; admin is a system administrator and not a member) and asserts the result; a
 * refused cell also reads everything back and asserts that nothing changed.
 *
 * <p>The callers: a connection that never logged in (no sid), a logged-in connection (xavier) that sends
 * another connection's sid (alice's: were it obeyed, alice's things would change), and the roles above.
 * Expectations are written per row as six letters in that order: {@code S}uccess, {@code F}ail,
 * {@code D}enied, or {@code -} where the cell belongs to another rule (logging in again on an open
 * connection). The matrix also checks that it covers every route of the method table.
 */
public interface AuthorizationMatrixProtocolSuite extends ChatProtocolSupport {

    enum Caller { NOT_LOGGED_IN, OTHER_SID, NON_MEMBER, MEMBER, CHAT_ADMIN, SUPER_ADMIN }

    /** The connections and ids every cell uses. */
    final class Cast implements AutoCloseable {
        final Map<Caller, ProtocolClient> callers = new EnumMap<>(Caller.class);
        ProtocolClient alice;
        ProtocolClient bob;
        ProtocolClient carol;
        ProtocolClient admin;
        long demoId;
        String pair;
        /** The group chat of the cells until one changes it, and its state as last read (null: unknown). */
        String group;
        JsonNode known;

        @Override
        public void close() {
            callers.values().forEach(ProtocolClient::close);
            carol.close();
        }
    }

    /** What one cell works on: a fresh group chat with one message in it. */
    record Fixture(Cast cast, String group, String pair, Caller caller) {
    }

    /** A request as the given connection sends it in a cell. */
    interface RequestFor {
        ObjectNode build(Fixture fixture, ProtocolClient connection);
    }

    /**
     * One row of the matrix: the route it covers, how to call it, the six expectations, and what to undo
     * after a success that would disturb other tests (the shared system chat).
     */
    record Row(String route, String what, String expected, RequestFor request, Consumer<Fixture> undo,
               boolean needsFileService) {
        Row(String route, String what, String expected, RequestFor request) {
            this(route, what, expected, request, fixture -> { }, false);
        }
    }

    String ATTACH_GET_LIST = io.xuanxuan.model.protocol.Request.routeOf(Methods.MODULE_ATTACH, Methods.GET_LIST);

    private static ObjectNode attachList(ProtocolClient client, String gid) {
        return client.envelope(Methods.MODULE_ATTACH, Methods.GET_LIST, ProtocolJson.nodes().arrayNode().add(gid));
    }

    private static String chat(String method) {
        return Methods.route(method);
    }

    private static ObjectNode json(Object... keyValues) {
        ObjectNode node = ProtocolJson.nodes().objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], ProtocolJson.toTree(keyValues[i + 1]));
        }
        return node;
    }

    private List<Row> rows() {
        String g = "group chat";
        return List.of(
                new Row(chat(Methods.PING), "", "DDSSSS", (f, c) -> c.envelope("chat", "ping", null)),
                new Row(chat(Methods.USER_GET_LIST), "", "DDSSSS",
                        (f, c) -> c.envelope("chat", "userGetlist", null)),
                new Row(chat(Methods.GET_LIST), "", "DDSSSS", (f, c) -> c.envelope("chat", "getList", null)),
                new Row(chat(Methods.GET_PUBLIC_LIST), "", "DDSSSS",
                        (f, c) -> c.envelope("chat", "getPublicList", null)),
                // the name a logged-in caller already has; under alice's sid it would rename alice
                new Row(chat(Methods.USER_CHANGE_NAME), "own name", "DDSSSS", (f, c) -> c.named("userChangeName",
                        "name", c.user == null ? "Mallory" : c.user.path("realname").asText())),
                new Row(chat(Methods.USER_CHANGE_STATUS), "own status", "DDSSSS", (f, c) -> c.named(
                        "userChangeStatus", "status", f.caller().ordinal() < 2 ? "busy" : "online")),
                new Row(chat(Methods.SETTINGS), "own settings (alice's for the first two)", "DDSSSS",
                        (f, c) -> f.caller().ordinal() < 2
                                ? c.named("settings", "account", "alice", "settings", json("stolen", true))
                                : c.named("settings", "account", c.user.path("account").asText())),
                new Row(chat(Methods.SETTINGS), "carol's settings", "DDDDDD", (f, c) -> c.named("settings",
                        "account", "carol", "settings", json("by", String.valueOf(c.user)))),
                new Row(chat(Methods.CREATE), "the existing " + g, "DDFSSF", (f, c) -> c.named("create",
                        "gid", f.group(), "name", "Taken", "type", "group", "members", List.of())),
                new Row(chat(Methods.CREATE), "alice and bob's one2one chat", "DDFSSF", (f, c) -> c.positional(
                        "create", f.pair(), "", "one2one", List.of(id(f.cast().alice), id(f.cast().bob)), 0)),
                new Row(chat(Methods.CREATE), "a group under alice and bob's one2one gid", "DDFFFF",
                        (f, c) -> c.named("create", "gid", reversed(f.pair()), "type", "group",
                                "members", List.of(id(f.cast().alice), id(f.cast().bob)))),
                new Row(chat(Methods.JOIN_CHAT), "join the private " + g, "DDFSSF",
                        (f, c) -> c.positional("joinchat", f.group(), true)),
                new Row(chat(Methods.JOIN_CHAT), "leave the " + g, "DDFSSF",
                        (f, c) -> c.positional("joinchat", f.group(), false)),
                new Row(chat(Methods.CHANGE_NAME), g, "DDFSSF",
                        (f, c) -> c.named("changename", "gid", f.group(), "name", "Renamed")),
                new Row(chat(Methods.CHANGE_PUBLIC), g, "DDFSSF",
                        (f, c) -> c.named("changepublic", "gid", f.group(), "public", true)),
                new Row(chat(Methods.STAR), g, "DDFSSF", (f, c) -> c.positional("star", f.group(), true)),
                new Row(chat(Methods.HIDE), g, "DDFSSF", (f, c) -> c.positional("hide", f.group(), true)),
                new Row(chat(Methods.MUTE), g, "DDFSSF", (f, c) -> c.positional("mute", f.group(), true)),
                new Row(chat(Methods.ADD_MEMBER), "invite demo to the " + g, "DDFSSF", (f, c) -> c.positional(
                        "addmember", f.group(), List.of(f.cast().demoId), true)),
                new Row(chat(Methods.ADD_MEMBER), "remove carol from the " + g, "DDFFSF", (f, c) -> c.positional(
                        "addmember", f.group(), List.of(id(f.cast().carol)), false)),
                new Row(chat(Methods.MESSAGE), g, "DDFSSF",
                        (f, c) -> send(c, message(newGid(), f.group(), "matrix"))),
                // everyone is a member of the system chat; with no admins set only system administrators post
                new Row(chat(Methods.MESSAGE), "system chat", "DDFFFS",
                        (f, c) -> send(c, message(newGid(), "system", "to everyone"))),
                new Row(chat(Methods.HISTORY), g, "DDFSSF", (f, c) -> c.positional("history", f.group(), 20, 1)),
                new Row(chat(Methods.MEMBERS), g, "DDFSSF", (f, c) -> c.positional("members", f.group())),
                new Row(chat(Methods.SET_ADMIN), g + " (not a system chat)", "DDFFFF", (f, c) -> c.positional(
                        "setAdmin", f.group(), List.of(id(f.cast().bob)), true)),
                new Row(chat(Methods.SET_ADMIN), "system chat", "DDFFFS", (f, c) -> c.positional(
                        "setAdmin", "system", List.of(id(f.cast().bob)), true),
                        f -> ok(f.cast().admin, f.cast().admin.positional("setAdmin", "system",
                                List.of(id(f.cast().bob)), false)), false),
                new Row(chat(Methods.SET_COMMITTERS), g, "DDFFSF",
                        (f, c) -> c.positional("setCommitters", f.group(), "$ADMINS")),
                // the 2.x clients' (README, "Beyond PROTOCOL.md"): dismiss is the chat admins', a category the
                // member's own
                new Row(chat(Methods.DISMISS), g, "DDFFSF", (f, c) -> c.positional("dismiss", f.group())),
                new Row(chat(Methods.CATEGORY), g, "DDFSSF",
                        (f, c) -> c.positional("category", List.of(f.group()), "Matrix")),
                new Row(ATTACH_GET_LIST, g, "DDFSSF", (f, c) -> attachList(c, f.group()),
                        f -> { }, true),
                // logging in again on an open connection is another rule (issue 10, defect 3)
                new Row(chat(Methods.LOGIN), "", "S-----", (f, c) -> c.named("login", "account", "victor",
                        "password", WsClient.md5("123456"), "status", "online")),
                // last: a logout closes the caller's connection
                new Row(chat(Methods.LOGOUT), "", "DDSSSS", (f, c) -> c.envelope("chat", "logout", null)));
    }

    private static String reversed(String pair) {
        String[] ids = pair.split("&");
        return ids[1] + "&" + ids[0];
    }

    @Test
    default void everyMethodByEveryKindOfCallerAgainstThePermissionTable() {
        List<Row> rows = rows();
        Set<String> covered = new TreeSet<>();
        rows.forEach(row -> covered.add(row.route()));
        Set<String> table = new TreeSet<>(List.of(chat(Methods.LOGIN), chat(Methods.LOGOUT), chat(Methods.PING),
                chat(Methods.USER_GET_LIST), chat(Methods.GET_LIST), chat(Methods.USER_CHANGE_NAME),
                chat(Methods.USER_CHANGE_STATUS), chat(Methods.CREATE), chat(Methods.JOIN_CHAT),
                chat(Methods.CHANGE_NAME), chat(Methods.CHANGE_PUBLIC), chat(Methods.STAR), chat(Methods.HIDE),
                chat(Methods.MUTE), chat(Methods.ADD_MEMBER), chat(Methods.MESSAGE), chat(Methods.HISTORY),
                chat(Methods.MEMBERS), chat(Methods.GET_PUBLIC_LIST), chat(Methods.SET_ADMIN),
                chat(Methods.SET_COMMITTERS), chat(Methods.SETTINGS), chat(Methods.DISMISS), chat(Methods.CATEGORY),
                ATTACH_GET_LIST));
        table.forEach(route -> assertThat(Methods.owner(route)).as(route + " is a method").isPresent());
        assertThat(covered).as("the matrix covers the method table").isEqualTo(table);

        List<String> failures = new ArrayList<>();
        int cells = 0;
        long started = System.nanoTime();
        try (Cast cast = cast()) {
            for (Row row : rows) {
                for (Caller caller : Caller.values()) {
                    char expected = row.expected().charAt(caller.ordinal());
                    if (expected == '-') {
                        continue;
                    }
                    cells++;
                    String problem = cell(cast, row, caller, expected);
                    if (problem != null) {
                        failures.add(row.route() + " (" + row.what() + ") by " + caller + ": " + problem);
                    }
                }
            }
        }
        System.out.printf("authorization matrix: %d cells, %d wrong, %d ms%n", cells, failures.size(),
                (System.nanoTime() - started) / 1_000_000);
        assertThat(failures).as("cells that differ from the permission table").isEmpty();
    }

    private Cast cast() {
        Cast cast = new Cast();
        cast.alice = client("alice");
        cast.bob = client("bob");
        cast.carol = client("carol");
        cast.admin = client("admin");
        cast.callers.put(Caller.NON_MEMBER, client("dave"));
        cast.callers.put(Caller.MEMBER, cast.bob);
        cast.callers.put(Caller.CHAT_ADMIN, cast.alice);
        cast.callers.put(Caller.SUPER_ADMIN, cast.admin);
        cast.callers.put(Caller.OTHER_SID, client("xavier"));
        ok(cast.alice, cast.alice.envelope("chat", "userGetlist", null)).path("data").forEach(user -> {
            if ("demo".equals(user.path("account").asText())) {
                cast.demoId = user.path("id").asLong();
            }
        });
        cast.pair = Math.min(id(cast.alice), id(cast.bob)) + "&" + Math.max(id(cast.alice), id(cast.bob));
        ok(cast.alice, cast.alice.positional("create", cast.pair, "", "one2one", List.of(id(cast.bob)), 0));
        return cast;
    }

    /**
     * Runs one cell; answers what was wrong, or null. A refused cell leaves its group chat as it was (it
     * asserts so), so the next cell goes on with that chat and the state read after the refusal; a
     * success may have changed it, so the next cell starts from a new one.
     */
    private String cell(Cast cast, Row row, Caller caller, char expected) {
        if (cast.group == null) {
            cast.group = newGid();
            createGroup(cast.alice, cast.group, "Matrix", false, id(cast.bob), id(cast.carol));
            ok(cast.alice, send(cast.alice, message(newGid(), cast.group, "before")));
            cast.known = null;
        }
        Fixture fixture = new Fixture(cast, cast.group, cast.pair, caller);
        if (row.needsFileService()) {
            awaitFileServiceKnows(cast.alice, cast.group);
        }
        boolean refusal = expected != 'S';
        JsonNode before = !refusal ? null : cast.known != null ? cast.known : snapshot(fixture);
        cast.known = null;
        ProtocolClient connection = connectionFor(cast, row, caller);
        try {
            ObjectNode request = row.request().build(fixture, connection);
            if (caller == Caller.OTHER_SID) {
                request.put("sid", cast.alice.sid);
            }
            JsonNode response = connection.request(request);
            String result = response.path("result").asText();
            String wanted = switch (expected) {
                case 'S' -> "success";
                case 'F' -> "fail";
                default -> "denied";
            };
            if (!refusal || !wanted.equals(result)) {
                cast.group = null;
            }
            if (!wanted.equals(result)) {
                return "expected " + wanted + ", got " + response;
            }
            if (refusal && response.path("message").asText().isBlank()) {
                return "a refusal without a message: " + response;
            }
            if (refusal) {
                JsonNode after = snapshot(fixture);
                if (!after.equals(before)) {
                    cast.group = null;
                    return "refused, but something changed:\n  before " + before + "\n  after  " + after;
                }
                cast.known = after;
            } else {
                row.undo().accept(fixture);
            }
            return null;
        } finally {
            if (connection != cast.callers.get(caller)) {
                connection.close();
            }
        }
    }

    /** The connection a cell sends from: fresh where the cell uses it up (not logged in, log in, log out). */
    private ProtocolClient connectionFor(Cast cast, Row row, Caller caller) {
        if (caller == Caller.NOT_LOGGED_IN) {
            return client();
        }
        if (row.route().equals(chat(Methods.LOGOUT)) && caller != Caller.OTHER_SID) {
            // a throwaway session: the cast's own connections stay logged in
            return client("victor");
        }
        return cast.callers.get(caller);
    }

    /** The file service learns of a chat from chat events; a cell about files starts once it has. */
    private void awaitFileServiceKnows(ProtocolClient member, String gid) {
        Waits.until("the file service learns of chat " + gid, Duration.ofSeconds(5), Duration.ofMillis(50),
                () -> "success".equals(member.request(attachList(member, gid)).path("result").asText()));
    }

    /** Everything a refused cell could have changed, read back by the users it belongs to. */
    private JsonNode snapshot(Fixture fixture) {
        Cast cast = fixture.cast();
        ObjectNode state = ProtocolJson.nodes().objectNode();
        JsonNode alicesChats = chatList(cast.alice);
        state.set("group", chatState(chatIn(alicesChats, fixture.group())));
        state.set("pair", chatState(chatIn(alicesChats, fixture.pair())));
        state.set("pairReversed", chatState(chatIn(alicesChats, reversed(fixture.pair()))));
        state.set("system", chatState(chatIn(alicesChats, "system")));
        state.set("bobsFlags", flags(chatIn(chatList(cast.bob), fixture.group())));
        state.set("history", ProtocolJson.toTree(gids(history(cast.alice, fixture.group()))));
        state.set("systemHistory", ProtocolJson.toTree(gids(ok(cast.alice,
                cast.alice.positional("history", "system", 5)).path("data"))));
        ok(cast.admin, cast.admin.envelope("chat", "userGetlist", null)).path("data").forEach(user -> {
            if ("alice".equals(user.path("account").asText())) {
                state.put("aliceName", user.path("realname").asText()).put("aliceStatus", user.path("status").asText());
            }
        });
        state.set("aliceSettings", ok(cast.alice, cast.alice.named("settings", "account", "alice")).path("data"));
        state.set("carolSettings", ok(cast.carol, cast.carol.named("settings", "account", "carol")).path("data"));
        return state;
    }

    private JsonNode chatState(JsonNode chat) {
        if (chat.isMissingNode()) {
            return ProtocolJson.nodes().nullNode();
        }
        ObjectNode state = ProtocolJson.nodes().objectNode();
        for (String field : List.of("id", "gid", "name", "type", "public", "committers", "dismissDate")) {
            state.set(field, chat.path(field));
        }
        state.set("members", ProtocolJson.toTree(new TreeSet<>(ids(chat.path("members")))));
        state.set("admins", ProtocolJson.toTree(new TreeSet<>(ids(chat.path("admins")))));
        state.setAll((ObjectNode) flags(chat));
        return state;
    }

    private JsonNode flags(JsonNode chat) {
        return ProtocolJson.nodes().objectNode().put("star", chat.path("star").asBoolean())
                .put("hide", chat.path("hide").asBoolean()).put("mute", chat.path("mute").asBoolean())
                .put("category", chat.path("category").asText());
    }
}
