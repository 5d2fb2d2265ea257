package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.config.PresenceProperties;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@code userChangeName}: sets the caller's real name and tells the others. */
public class UserChangeNameHandler implements CommandHandler {

    private final AccountStore accounts;
    private final UserDirectory directory;
    private final PresenceProperties properties;

    public UserChangeNameHandler(AccountStore accounts, UserDirectory directory, PresenceProperties properties) {
        this.accounts = accounts;
        this.directory = directory;
        this.properties = properties;
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
        String name = command.request().params("name").text("name").trim();
        if (name.isEmpty() || name.length() > properties.getMaxNameLength()) {
            throw new InvalidRequestException("Parameter 'name' must be 1 to " + properties.getMaxNameLength()
                    + " characters.");
        }
        long userId = command.userId();
        return accounts.updateRealname(userId, name)
                .then(directory.refresh(userId))
                .map(account -> {
                    User user = account.toUser();
                    Outcome outcome = Outcome.respond(command, Response.success(command.request(),
                            Map.of("id", userId, "name", name)));
                    PresenceOutcomes.pushToOthers(outcome, Methods.USER_CHANGE_NAME, user);
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.PROFILE_CHANGED, user,
                            command.gatewayId(), command.connectionId());
                });
    }
}
