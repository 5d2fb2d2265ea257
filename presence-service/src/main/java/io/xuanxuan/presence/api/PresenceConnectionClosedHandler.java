package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.SessionEnd;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * A dropped connection sets its user offline, without a push (as the document says), unless the
 * session already moved to a newer connection (duplicate login).
 */
public class PresenceConnectionClosedHandler implements ConnectionClosedHandler {

    private final SessionEnd sessionEnd;

    public PresenceConnectionClosedHandler(SessionEnd sessionEnd) {
        this.sessionEnd = sessionEnd;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public Mono<Outcome> connectionClosed(Command command) {
        return sessionEnd.ofConnection(command.userId(), command.connectionId())
                .map(user -> PresenceOutcomes.event(Outcome.of(), PresenceEvent.Type.OFFLINE, user,
                        command.gatewayId(), command.connectionId()))
                .defaultIfEmpty(Outcome.of());
    }
}
