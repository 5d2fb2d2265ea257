package io.xuanxuan.gateway.dialect.xxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;

/**
 * A 2.x client's request, translated to this server's (xxc-2x-dialect.md A.6; ISSUE17-PLAN "The dialect, inbound"):
 * <ul>
 *   <li>the connection's {@code sid} is added (the 2.x client never sends one);</li>
 *   <li>{@code userID}, sent on every request, must be the logged-in user, else {@code denied};</li>
 *   <li>{@code login [server, account, pwd, status]} loses the server name (one organization per server);</li>
 *   <li>{@code usergetlist [[ids]]}: the same request, whose answer is marked {@code partial} (see
 *       {@link Translated#userListByIds});</li>
 *   <li>{@code userchange [{status}]} / {@code [{realname}]} become {@code userChangeStatus} / {@code userChangeName}
 *       (their answers are renamed back by {@link XxcOutbound}); a password change is refused;</li>
 *   <li>what no service offers is answered by the door: {@code extensions} (an empty list), {@code upserttodo} and
 *       module {@code entry} ({@code fail}, with a sentence).</li>
 * </ul>
 * Everything else passes unchanged (the same method names both sides); the gate checks shape, route and session
 * as for any door. Pure: no state, no I/O.
 */
public final class XxcInbound {

    public static final String USER_ID_MISMATCH = "userID %s does not match this connection's user: log in again.";
    public static final String PASSWORD_CHANGE = "Changing the password is not offered by this server: ask an administrator.";
    public static final String USER_CHANGE_SHAPE = "userchange takes [{status}] or [{realname}]: change one at a time.";
    public static final String TODO_NOT_OFFERED = "To-dos are not offered by this server.";
    public static final String ENTRY_NOT_OFFERED = "Server applications (entry) are not offered by this server.";

    static final String MODULE_ENTRY = "entry";
    /** What of a 2.x request this server reads ({@code v}, {@code lang} and {@code userID} are the door's). */
    private static final java.util.List<String> PASSED_FIELDS = java.util.List.of("module", "method", "params", "data");
    private static final String LOGIN = Methods.route(Methods.LOGIN);
    private static final String USER_GET_LIST = Methods.route(Methods.USER_GET_LIST);
    private static final String USER_CHANGE = Methods.route("userchange");
    private static final String EXTENSIONS = Methods.route("extensions");
    private static final String UPSERT_TODO = Methods.route("upserttodo");
    /** 2.x logins carry the server name first: {@code [server, account, pwd, status]}. */
    private static final int LOGIN_PARAMS_WITH_SERVER = 4;

    private XxcInbound() {
    }

    /**
     * The translation of one request.
     *
     * @param text           this server's request (JSON) for the gate
     * @param answer         the door's own answer, or null: the gate routes {@code text} to its service
     * @param userListByIds  a {@code usergetlist} with ids: its answer must carry {@code partial: true}, or the client
     *                       replaces its whole member list with it
     */
    public record Translated(String text, Response answer, boolean userListByIds) {
    }

    /** Translates {@code request} (a JSON object) for a connection bound to {@code bound} (null: not logged in). */
    public static Translated translate(ObjectNode request, SessionBinding bound) {
        ObjectNode ours = ProtocolJson.mapper().createObjectNode();
        JsonNode moduleNode = request.get("module");
        JsonNode methodNode = request.get("method");
        for (String field : PASSED_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                ours.set(field, value);
            }
        }
        if (bound != null) {
            ours.put("sid", bound.sid());
        }
        if (moduleNode == null || !moduleNode.isTextual() || methodNode == null || !methodNode.isTextual()
                || moduleNode.textValue().isBlank() || methodNode.textValue().isBlank()) {
            return pass(ours); // the gate says what is missing
        }
        String module = moduleNode.textValue();
        String method = methodNode.textValue();
        String route = Request.routeOf(module, method);

        if (!LOGIN.equals(route) && bound != null) {
            String claimed = claimedUserId(request.get("userID"));
            if (claimed != null && !claimed.equals(Long.toString(bound.userId()))) {
                return answered(ours, answer(module, method, Result.DENIED,
                        String.format(USER_ID_MISMATCH, claimed), null));
            }
        }
        if (MODULE_ENTRY.equalsIgnoreCase(module)) {
            return answered(ours, answer(module, method, Result.FAIL, ENTRY_NOT_OFFERED, null));
        }
        if (LOGIN.equals(route)) {
            return pass(withoutServerName(ours));
        }
        if (USER_GET_LIST.equals(route)) {
            JsonNode params = ours.get("params");
            boolean byIds = params != null && params.isArray() && params.path(0).isArray();
            return new Translated(ProtocolJson.write(ours), null, byIds);
        }
        if (USER_CHANGE.equals(route)) {
            return userChange(ours, module, method);
        }
        if (EXTENSIONS.equals(route)) {
            return answered(ours, answer(module, method, Result.SUCCESS, null,
                    ProtocolJson.mapper().createArrayNode()));
        }
        if (UPSERT_TODO.equals(route)) {
            return answered(ours, answer(module, method, Result.FAIL, TODO_NOT_OFFERED, null));
        }
        return pass(ours);
    }

    /** The id a request claims to come from, or null when it claims none ({@code 0} and {@code ""} claim none). */
    private static String claimedUserId(JsonNode userId) {
        if (userId == null || userId.isNull()) {
            return null;
        }
        String text = userId.isNumber() ? Long.toString(userId.asLong()) : userId.asText("").trim();
        return text.isEmpty() || text.equals("0") ? null : text;
    }

    private static ObjectNode withoutServerName(ObjectNode ours) {
        JsonNode params = ours.get("params");
        if (params instanceof ArrayNode array && array.size() == LOGIN_PARAMS_WITH_SERVER) {
            ArrayNode rest = array.deepCopy();
            rest.remove(0);
            ours.set("params", rest);
        }
        return ours;
    }

    /** {@code userchange [{status|realname|password, account}]}: one of our two methods, or a refusal. */
    private static Translated userChange(ObjectNode ours, String module, String method) {
        JsonNode change = ours.path("params").path(0);
        if (!change.isObject()) {
            change = ours.path("params"); // an object instead of [object]: liberal in what we accept
        }
        if (change.has("password")) {
            return answered(ours, answer(module, method, Result.FAIL, PASSWORD_CHANGE, null));
        }
        boolean status = change.hasNonNull("status");
        boolean realname = change.hasNonNull("realname");
        if (status == realname) {
            return answered(ours, answer(module, method, Result.FAIL, USER_CHANGE_SHAPE, null));
        }
        ours.put("method", status ? Methods.USER_CHANGE_STATUS : Methods.USER_CHANGE_NAME);
        ArrayNode params = ProtocolJson.mapper().createArrayNode();
        params.add(change.get(status ? "status" : "realname"));
        ours.set("params", params);
        return pass(ours);
    }

    private static Translated pass(ObjectNode ours) {
        return new Translated(ProtocolJson.write(ours), null, false);
    }

    private static Translated answered(ObjectNode ours, Response answer) {
        return new Translated(ProtocolJson.write(ours), answer, false);
    }

    private static Response answer(String module, String method, Result result, String message, JsonNode data) {
        return new Response(module, method, result, null, message, data, null);
    }
}
