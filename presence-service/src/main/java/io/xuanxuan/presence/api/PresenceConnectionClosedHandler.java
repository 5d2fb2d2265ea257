package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * A dropped connection: if its user went offline ({@link Sessions} decides: not when the session already
 * moved to a newer connection) the OFFLINE event follows, without a push (as the document says).
 */
public class PresenceConnectionClosedHandler implements ConnectionClosedHandler {

    private final Sessions sessions;

    public PresenceConnectionClosedHandler(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public Mono<Outcome> connectionClosed(Command command) {
        return sessions.connectionClosed(command.userId(), command.connectionId())
                .map(user -> PresenceOutcomes.event(Outcome.of(), PresenceEvent.Type.OFFLINE, user,
                        command.gatewayId(), command.connectionId()))
                .defaultIfEmpty(Outcome.of());
    }
}
