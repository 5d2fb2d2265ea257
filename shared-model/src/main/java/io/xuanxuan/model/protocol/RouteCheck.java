package io.xuanxuan.model.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks the handlers of one service against {@link Methods} when the service starts: every route
 * {@code Methods} gives the service has exactly one handler, and no handler declares a route the service
 * does not own. The services' command dispatchers ({@code service-support}'s {@code RouteTable}) and the
 * gateway (which answers {@code ping} itself) both check with it, so a route without a handler stops the
 * start-up with its name instead of being found when a client first calls it.
 */
public final class RouteCheck {

    private RouteCheck() {
    }

    /**
     * The handlers by route.
     *
     * @param route the route each handler declares, e.g. {@code chat/message}
     * @param name  what to call a handler in the message (its class)
     * @throws IllegalStateException naming every route that has no handler, more than one, or another owner
     */
    public static <H> Map<String, H> check(ServiceName service, Collection<H> handlers, Function<H, String> route,
                                           Function<H, String> name) {
        Map<String, List<H>> byRoute = new TreeMap<>();
        handlers.forEach(h -> byRoute.computeIfAbsent(route.apply(h), r -> new ArrayList<>()).add(h));
        List<String> problems = new ArrayList<>();
        for (String owned : Methods.routesOf(service)) {
            if (!byRoute.containsKey(owned)) {
                problems.add("route " + owned + " has no handler");
            }
        }
        Map<String, H> table = new LinkedHashMap<>();
        byRoute.forEach((declared, those) -> {
            Optional<ServiceName> owner = Methods.handlerOwner(declared);
            if (owner.isEmpty() || owner.get() != service) {
                problems.add("route " + declared + " of " + names(those, name) + " is "
                        + owner.map(o -> "owned by the " + o.id() + " service").orElse("not in Methods"));
            } else if (those.size() > 1) {
                problems.add("route " + declared + " has " + those.size() + " handlers: " + names(those, name));
            } else {
                table.put(declared, those.get(0));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The " + service.id() + " service's handlers do not match its routes "
                    + "in " + Methods.class.getName() + ": " + String.join("; ", problems));
        }
        return Map.copyOf(table);
    }

    private static <H> String names(List<H> handlers, Function<H, String> name) {
        return String.join(", ", handlers.stream().map(name).toList());
    }
}
