package io.xuanxuan.model.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods of PROTOCOL.md section 5 and the service that owns each. Routing is by
 * {@link Request#route()}, so case does not matter. Push method names are spelled as the protocol
 * sends them.
 */
public final class Methods {

    public static final String MODULE_CHAT = "chat";
    public static final String MODULE_ATTACH = "attach";

    public static final String LOGIN = "login";
    public static final String LOGOUT = "logout";
    public static final String PING = "ping";
    public static final String KICKOFF = "kickoff";
    public static final String USER_GET_LIST = "userGetlist";
    public static final String USER_CHANGE_NAME = "userChangeName";
    public static final String USER_CHANGE_STATUS = "userChangeStatus";
    public static final String SETTINGS = "settings";
    public static final String GET_LIST = "getList";
    public static final String CREATE = "create";
    public static final String JOIN_CHAT = "joinchat";
    public static final String CHANGE_NAME = "changename";
    public static final String CHANGE_PUBLIC = "changepublic";
    public static final String STAR = "star";
    public static final String HIDE = "hide";
    public static final String MUTE = "mute";
    public static final String ADD_MEMBER = "addmember";
    public static final String MESSAGE = "message";
    public static final String HISTORY = "history";
    public static final String MEMBERS = "members";
    public static final String GET_PUBLIC_LIST = "getPublicList";
    public static final String SET_ADMIN = "setAdmin";
    public static final String SET_COMMITTERS = "setCommitters";
    /** Beyond PROTOCOL.md (the 2.x clients): an admin ends a group chat; its history stays readable. */
    public static final String DISMISS = "dismiss";
    /** Beyond PROTOCOL.md (the 2.x clients): the caller files chats under a category of their own. */
    public static final String CATEGORY = "category";
    /** Not a client method: another internal system's notice, stored as a message (chat's broadcast command). */
    public static final String BROADCAST = "broadcast";

    private static final Map<String, ServiceName> OWNERS = Map.ofEntries(
            chat(LOGIN, ServiceName.PRESENCE),
            chat(LOGOUT, ServiceName.PRESENCE),
            chat(PING, ServiceName.GATEWAY),
            chat(USER_GET_LIST, ServiceName.PRESENCE),
            chat(USER_CHANGE_NAME, ServiceName.PRESENCE),
            chat(USER_CHANGE_STATUS, ServiceName.PRESENCE),
            chat(SETTINGS, ServiceName.PRESENCE),
            chat(GET_LIST, ServiceName.CHAT),
            chat(CREATE, ServiceName.CHAT),
            chat(JOIN_CHAT, ServiceName.CHAT),
            chat(CHANGE_NAME, ServiceName.CHAT),
            chat(CHANGE_PUBLIC, ServiceName.CHAT),
            chat(STAR, ServiceName.CHAT),
            chat(HIDE, ServiceName.CHAT),
            chat(MUTE, ServiceName.CHAT),
            chat(ADD_MEMBER, ServiceName.CHAT),
            chat(MESSAGE, ServiceName.CHAT),
            chat(HISTORY, ServiceName.CHAT),
            chat(MEMBERS, ServiceName.CHAT),
            chat(GET_PUBLIC_LIST, ServiceName.CHAT),
            chat(SET_ADMIN, ServiceName.CHAT),
            chat(SET_COMMITTERS, ServiceName.CHAT),
            chat(DISMISS, ServiceName.CHAT),
            chat(CATEGORY, ServiceName.CHAT),
            Map.entry(Request.routeOf(MODULE_ATTACH, GET_LIST), ServiceName.FILE));

    /** Routes only the servers' own systems send: a service handles them, the gateway never routes them. */
    private static final Map<String, ServiceName> INTERNAL_OWNERS = Map.ofEntries(
            chat(BROADCAST, ServiceName.CHAT));

    private Methods() {
    }

    private static Map.Entry<String, ServiceName> chat(String method, ServiceName owner) {
        return Map.entry(Request.routeOf(MODULE_CHAT, method), owner);
    }

    /** The service that owns a route, or empty for an unknown method. */
    public static Optional<ServiceName> owner(String route) {
        return Optional.ofNullable(OWNERS.get(route));
    }

    /**
     * Every route a service must handle, the clients' and the internal ones, in order: the route table
     * ({@code service-support}'s {@code RouteTable}) checks a service's handlers against it at start-up.
     */
    public static Set<String> routesOf(ServiceName service) {
        Set<String> routes = new TreeSet<>();
        OWNERS.forEach((route, owner) -> add(routes, route, owner, service));
        INTERNAL_OWNERS.forEach((route, owner) -> add(routes, route, owner, service));
        return routes;
    }

    /** The service that handles a route, a client's or an internal one; empty if no service does. */
    public static Optional<ServiceName> handlerOwner(String route) {
        return owner(route).or(() -> Optional.ofNullable(INTERNAL_OWNERS.get(route)));
    }

    private static void add(Set<String> routes, String route, ServiceName owner, ServiceName wanted) {
        if (owner == wanted) {
            routes.add(route);
        }
    }

    public static boolean isKnownModule(String module) {
        return MODULE_CHAT.equalsIgnoreCase(module) || MODULE_ATTACH.equalsIgnoreCase(module);
    }

    public static String route(String method) {
        return Request.routeOf(MODULE_CHAT, method);
    }
}
