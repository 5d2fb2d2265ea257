package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.SessionEnd;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code logout}: the user goes offline, the others get the {@code logout} push, the connection closes.
 * A logout from a connection whose session a newer login replaced only closes that connection: the
 * user stays online on the newer one.
 */
public class LogoutHandler implements CommandHandler {

    private final SessionEnd sessionEnd;
    private final UserDirectory directory;

    public LogoutHandler(SessionEnd sessionEnd, UserDirectory directory) {
        this.sessionEnd = sessionEnd;
        this.directory = directory;
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
        long userId = command.userId();
        return sessionEnd.ofConnection(userId, command.connectionId())
                .map(user -> {
                    Outcome outcome = answer(command, user);
                    PresenceOutcomes.pushToOthers(outcome, Methods.LOGOUT, user);
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.OFFLINE, user, command.gatewayId(),
                            command.connectionId());
                })
                .switchIfEmpty(Mono.defer(() -> directory.refresh(userId)
                        .map(account -> answer(command, account.toUser()))));
    }

    private static Outcome answer(Command command, User user) {
        return Outcome.of().delivery(String.valueOf(user.id()),
                Delivery.response(command.connectionId(), Response.success(command.request(), user)).closing());
    }
}
