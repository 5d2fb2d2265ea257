package io.xuanxuan.gateway.dialect.xxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A frame of this server, in the shape the 2.x client listens for (xxc-2x-dialect.md A.5, A.6; ISSUE17-PLAN "The
 * dialect, outbound"). The client matches {@code module}/{@code method} case-sensitively, in lowercase:
 * <ul>
 *   <li>push packets ({@code [{id, module, method, data}, ...]}, arrays stay arrays: the client flattens them):
 *       method lowercased ({@code userGetlist} -> {@code usergetlist}, {@code getList} -> {@code getlist});</li>
 *   <li>{@code userChangeName} / {@code userChangeStatus}, pushed or answered, become {@code userchange} (the 2.x
 *       client sends {@code userchange}, {@link XxcInbound} rewrote it, and it never sends the two names itself);</li>
 *   <li>the {@code joinchat} answer's {@code {gid, join, chat}} becomes the chat;</li>
 *   <li>a {@code usergetlist} answer to a request with ids gets {@code partial: true};</li>
 *   <li>a successful login answer is followed by {@code {"module":"chat","method":"SessionID","sessionID":<sid>}}
 *       (same frame, {@code \n}-separated): the client builds its download URLs from it;</li>
 *   <li>anything else, responses echoing the client's spelling and the {@code kickoff} object included, is
 *       unchanged.</li>
 * </ul>
 * Pure: the one piece of connection state it needs (was this {@code usergetlist} asked with ids?) is asked for.
 */
public final class XxcOutbound {

    static final String USER_CHANGE = "userchange";
    static final String SESSION_ID = "SessionID";
    private static final String LOGIN = Methods.route(Methods.LOGIN);
    private static final String JOIN_CHAT = Methods.route(Methods.JOIN_CHAT);
    private static final String USER_GET_LIST = Methods.route(Methods.USER_GET_LIST);
    private static final String USER_CHANGE_NAME = Methods.route(Methods.USER_CHANGE_NAME);
    private static final String USER_CHANGE_STATUS = Methods.route(Methods.USER_CHANGE_STATUS);

    private XxcOutbound() {
    }

    /**
     * The 2.x text of {@code frame} (one of this server's frames: a response object, a push array, or the kickoff
     * object). {@code userListByIds} is asked once per {@code usergetlist} answer: whether it answers a request with
     * ids (it takes that answer's place in the connection's record).
     */
    public static String translate(JsonNode frame, BooleanSupplier userListByIds) {
        if (frame.isArray()) {
            for (JsonNode packet : frame) {
                if (packet instanceof ObjectNode push) {
                    renamePush(push);
                }
            }
            return ProtocolJson.write(frame);
        }
        if (!(frame instanceof ObjectNode object) || !object.has("result")) {
            return ProtocolJson.write(frame); // the kickoff notice: a single object, as the client expects
        }
        String route = routeOf(object);
        if (route == null) {
            return ProtocolJson.write(object);
        }
        if (USER_CHANGE_NAME.equals(route) || USER_CHANGE_STATUS.equals(route)) {
            object.put("method", USER_CHANGE);
            // the client merges data into the user: our name answer {id, name} is the user's realname
            if (object.path("data") instanceof ObjectNode data && data.has("name") && !data.has("realname")) {
                data.set("realname", data.remove("name"));
            }
        } else if (JOIN_CHAT.equals(route) && object.path("data").has("chat")) {
            object.set("data", object.path("data").get("chat"));
        } else if (USER_GET_LIST.equals(route) && userListByIds.getAsBoolean()) {
            object.put("partial", true);
        } else if (LOGIN.equals(route) && "success".equals(object.path("result").asText())
                && object.path("sid").isTextual()) {
            ObjectNode sessionId = ProtocolJson.mapper().createObjectNode();
            sessionId.put("module", Methods.MODULE_CHAT);
            sessionId.put("method", SESSION_ID);
            sessionId.put("sessionID", object.path("sid").textValue());
            return ProtocolJson.write(object) + "\n" + ProtocolJson.write(sessionId);
        }
        return ProtocolJson.write(object);
    }

    private static void renamePush(ObjectNode push) {
        JsonNode method = push.get("method");
        if (method == null || !method.isTextual()) {
            return;
        }
        String lower = method.textValue().toLowerCase(Locale.ROOT);
        String route = push.path("module").isTextual() ? Request.routeOf(push.path("module").textValue(), lower) : null;
        push.put("method", USER_CHANGE_NAME.equals(route) || USER_CHANGE_STATUS.equals(route) ? USER_CHANGE : lower);
    }

    private static String routeOf(ObjectNode object) {
        JsonNode module = object.get("module");
        JsonNode method = object.get("method");
        return module != null && module.isTextual() && method != null && method.isTextual()
                ? Request.routeOf(module.textValue(), method.textValue()) : null;
    }
}
