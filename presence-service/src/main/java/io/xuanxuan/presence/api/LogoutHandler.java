package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code logout}: the connection gets its answer and closes; if the user went offline ({@link Sessions}
 * decides: not when a newer login replaced this connection) the others get the {@code logout} push and
 * the OFFLINE event follows.
 */
public class LogoutHandler implements CommandHandler {

    private final Sessions sessions;

    public LogoutHandler(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.LOGOUT);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return sessions.logout(command.userId(), command.connectionId())
                .map(logout -> {
                    Outcome outcome = Outcome.of().delivery(PresenceOutcomes.key(logout.user()),
                            Delivery.response(command.connectionId(),
                                    Response.success(command.request(), logout.user())).closing());
                    if (!logout.wentOffline()) {
                        return outcome;
                    }
                    PresenceOutcomes.pushToOthers(outcome, Methods.LOGOUT, logout.user());
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.OFFLINE, logout.user(),
                            command.gatewayId(), command.connectionId());
                });
    }
}
