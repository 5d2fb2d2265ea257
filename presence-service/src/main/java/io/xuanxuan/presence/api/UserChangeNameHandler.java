package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.model.results.UserNameChange;
import io.xuanxuan.presence.domain.Profiles;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code userChangeName}: sets the caller's real name ({@link Profiles}) and tells the others. */
public class UserChangeNameHandler implements CommandHandler {

    private final Profiles profiles;

    public UserChangeNameHandler(Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.USER_CHANGE_NAME);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        String name = command.request().params("name").text("name");
        return profiles.changeName(command.userId(), name)
                .map(user -> PresenceOutcomes.changed(
                        Outcome.respond(command, Response.success(command.request(),
                                new UserNameChange(user.id(), user.realname()))),
                        Methods.USER_CHANGE_NAME, PresenceEvent.Type.PROFILE_CHANGED, user, command));
    }
}
