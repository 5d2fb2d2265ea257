package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code userGetlist}: every user, with status. */
public class UserGetListHandler implements CommandHandler {

    private final UserDirectory directory;

    public UserGetListHandler(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.USER_GET_LIST);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return directory.allAsJson()
                .map(users -> Outcome.respond(command, Response.success(command.request(), users)));
    }
}
