package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * A dropped connection sets its user offline, without a push (as the document says), unless the
 * session already moved to a newer connection (duplicate login).
 */
public class PresenceConnectionClosedHandler implements ConnectionClosedHandler {

    private final AccountStore accounts;
    private final UserDirectory directory;
    private final SessionStore sessions;

    public PresenceConnectionClosedHandler(AccountStore accounts, UserDirectory directory, SessionStore sessions) {
        this.accounts = accounts;
        this.directory = directory;
        this.sessions = sessions;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public Mono<Outcome> connectionClosed(Command command) {
        long userId = command.userId();
        String offline = UserStatus.OFFLINE.wire();
        return sessions.removeIfConnection(userId, command.connectionId())
                .filter(removed -> removed)
                .flatMap(removed -> accounts.updateStatus(userId, offline).then(directory.refresh(userId)))
                .map(account -> PresenceOutcomes.event(Outcome.of(), PresenceEvent.Type.OFFLINE,
                        account.toUser().withStatus(offline), command.gatewayId(), command.connectionId()))
                .defaultIfEmpty(Outcome.of());
    }
}
