package io.xuanxuan.service.command;

import io.xuanxuan.model.protocol.RouteCheck;
import io.xuanxuan.model.protocol.ServiceName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service's routes and the handler of each, checked against {@link io.xuanxuan.model.protocol.Methods}
 * when it is built ({@link RouteCheck}): every route {@code Methods} gives the service has exactly one
 * handler, and no handler of the service declares a route the service does not own. The dispatcher builds
 * it in its constructor, so a service whose handlers do not match fails to start, with a message naming each
 * route at fault, instead of answering "not available" when a client first calls the method.
 *
 * <p>A handler declares its route in one place, its {@link CommandHandler#route()}; the owner of each route
 * is written in one place, {@code Methods}.
 */
public final class RouteTable {

    private final ServiceName service;
    private final Map<String, CommandHandler> handlers;

    private RouteTable(ServiceName service, Map<String, CommandHandler> handlers) {
        this.service = service;
        this.handlers = handlers;
    }

    /**
     * The table of a service's command handlers, picked from all of them by {@link CommandHandler#service()}.
     *
     * @throws IllegalStateException naming every route that has no handler, more than one, or another owner
     */
    public static RouteTable of(ServiceName service, Collection<? extends CommandHandler> all) {
        List<CommandHandler> own = all.stream().filter(h -> h.service() == service)
                .map(CommandHandler.class::cast).toList();
        return new RouteTable(service, RouteCheck.check(service, own, CommandHandler::route,
                h -> h.getClass().getName()));
    }

    public ServiceName service() {
        return service;
    }

    /** The handler of a route, or null for a route this service does not handle. */
    public CommandHandler handler(String route) {
        return handlers.get(route);
    }

    public Set<String> routes() {
        return handlers.keySet();
    }
}
