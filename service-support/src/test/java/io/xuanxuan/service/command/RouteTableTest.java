package io.xuanxuan.service.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.RouteCheck;
import io.xuanxuan.model.protocol.ServiceName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RouteTableTest {

    private static final String ATTACH_GET_LIST = Request.routeOf(Methods.MODULE_ATTACH, Methods.GET_LIST);

    /** A handler that only declares where it belongs. */
    record Declared(ServiceName service, String route) implements CommandHandler {
        @Override
        public Mono<Outcome> handle(Command command) {
            return Mono.empty();
        }
    }

    /** One handler for each route Methods gives the service. */
    private static List<CommandHandler> complete(ServiceName service) {
        List<CommandHandler> handlers = new ArrayList<>();
        Methods.routesOf(service).forEach(route -> handlers.add(new Declared(service, route)));
        return handlers;
    }

    @Test
    void aCompleteSetOfHandlersMakesTheTable() {
        List<CommandHandler> chat = complete(ServiceName.CHAT);
        List<CommandHandler> all = new ArrayList<>(chat);
        all.addAll(complete(ServiceName.PRESENCE));

        RouteTable table = RouteTable.of(ServiceName.CHAT, all);

        assertThat(table.routes()).containsExactlyInAnyOrderElementsOf(Methods.routesOf(ServiceName.CHAT))
                .contains(Methods.route(Methods.MESSAGE), Methods.route(Methods.BROADCAST));
        assertThat(table.handler(Methods.route(Methods.MESSAGE))).isSameAs(chat.stream()
                .filter(h -> h.route().equals(Methods.route(Methods.MESSAGE))).findFirst().orElseThrow());
        assertThat(table.handler(Methods.route(Methods.LOGIN))).as("presence's handler is not chat's").isNull();
    }

    @Test
    void aRouteWithoutItsHandlerIsRefusedByName() {
        List<CommandHandler> chat = complete(ServiceName.CHAT);
        chat.removeIf(h -> h.route().equals(Methods.route(Methods.HISTORY)));

        assertThatThrownBy(() -> RouteTable.of(ServiceName.CHAT, chat))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat service")
                .hasMessageContaining("route chat/history has no handler");
    }

    @Test
    void aRouteWithTwoHandlersIsRefusedByName() {
        List<CommandHandler> file = complete(ServiceName.FILE);
        file.add(new Declared(ServiceName.FILE, ATTACH_GET_LIST));

        assertThatThrownBy(() -> RouteTable.of(ServiceName.FILE, file))
                .hasMessageContaining("route attach/getlist has 2 handlers");
    }

    @Test
    void aHandlerForARouteTheServiceDoesNotOwnIsRefused() {
        List<CommandHandler> file = complete(ServiceName.FILE);
        file.add(new Declared(ServiceName.FILE, Methods.route(Methods.LOGIN)));
        file.add(new Declared(ServiceName.FILE, "attach/upload"));

        assertThatThrownBy(() -> RouteTable.of(ServiceName.FILE, file))
                .hasMessageContaining("route chat/login of " + Declared.class.getName()
                        + " is owned by the presence service")
                .hasMessageContaining("route attach/upload of " + Declared.class.getName() + " is not in Methods");
    }

    /** The gateway answers ping itself, without a dispatcher: its local methods are checked the same way. */
    @Test
    void theGatewaysOwnRoutesAreCheckedTheSameWay() {
        String ping = Methods.route(Methods.PING);
        assertThat(RouteCheck.check(ServiceName.GATEWAY, List.of(ping), r -> r, r -> r)).containsOnlyKeys(ping);
        assertThatThrownBy(() -> RouteCheck.check(ServiceName.GATEWAY, List.<String>of(), r -> r, r -> r))
                .hasMessageContaining("route chat/ping has no handler");
    }
}
