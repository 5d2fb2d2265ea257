package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code logout}: the user goes offline, the others get the {@code logout} push, the connection closes. */
public class LogoutHandler implements CommandHandler {

    private final AccountStore accounts;
    private final UserDirectory directory;
    private final SessionStore sessions;

    public LogoutHandler(AccountStore accounts, UserDirectory directory, SessionStore sessions) {
        this.accounts = accounts;
        this.directory = directory;
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
        long userId = command.userId();
        String offline = UserStatus.OFFLINE.wire();
        return sessions.removeIfConnection(userId, command.connectionId())
                .then(accounts.updateStatus(userId, offline))
                .then(directory.refresh(userId))
                .map(account -> {
                    User user = account.toUser().withStatus(offline);
                    Outcome outcome = Outcome.of().delivery(String.valueOf(userId),
                            Delivery.response(command.connectionId(), Response.success(command.request(), user))
                                    .closing());
                    PresenceOutcomes.pushToOthers(outcome, Methods.LOGOUT, user);
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.OFFLINE, user, command.gatewayId(),
                            command.connectionId());
                });
    }
}
