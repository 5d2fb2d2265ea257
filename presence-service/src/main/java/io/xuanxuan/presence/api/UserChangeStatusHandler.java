package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.model.results.UserStatusChange;
import io.xuanxuan.presence.domain.Profiles;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code userChangeStatus}: online, away or busy ({@link Profiles}); the others are told. */
public class UserChangeStatusHandler implements CommandHandler {

    private final Profiles profiles;

    public UserChangeStatusHandler(Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.USER_CHANGE_STATUS);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        String status = command.request().params("status").text("status");
        return profiles.changeStatus(command.userId(), status)
                .map(user -> PresenceOutcomes.changed(
                        Outcome.respond(command, Response.success(command.request(),
                                new UserStatusChange(user.id(), user.status()))),
                        Methods.USER_CHANGE_STATUS, PresenceEvent.Type.STATUS_CHANGED, user, command));
    }
}
