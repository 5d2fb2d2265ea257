package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@code userChangeStatus}: online, away or busy; the others are told. */
public class UserChangeStatusHandler implements CommandHandler {

    private final AccountStore accounts;
    private final UserDirectory directory;

    public UserChangeStatusHandler(AccountStore accounts, UserDirectory directory) {
        this.accounts = accounts;
        this.directory = directory;
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
        String requested = command.request().params("status").text("status");
        String status = UserStatus.selectable(requested)
                .orElseThrow(() -> new InvalidRequestException("Parameter 'status' must be online, away or busy."))
                .wire();
        long userId = command.userId();
        return accounts.updateStatus(userId, status)
                .then(directory.refresh(userId))
                .map(account -> {
                    User user = account.toUser();
                    Outcome outcome = Outcome.respond(command, Response.success(command.request(),
                            Map.of("id", userId, "status", status)));
                    PresenceOutcomes.pushToOthers(outcome, Methods.USER_CHANGE_STATUS, user);
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.STATUS_CHANGED, user,
                            command.gatewayId(), command.connectionId());
                });
    }
}
