package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.presence.domain.SessionEnd;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Flux;

/**
 * A gateway is gone (it stopped, or died without closing its connections): every session still on it
 * ends, and the other users get the {@code logout} push of each of its users, as at a logout. A user
 * who meanwhile logged in again through another gateway holds a session there and stays online.
 */
public class GatewayGoneHandler {

    private final SessionStore sessions;
    private final SessionEnd sessionEnd;

    public GatewayGoneHandler(SessionStore sessions, SessionEnd sessionEnd) {
        this.sessions = sessions;
        this.sessionEnd = sessionEnd;
    }

    /** One outcome per user who went offline, to publish in order. */
    public Flux<Outcome> gatewayGone(String gatewayId) {
        return sessions.findByGateway(gatewayId)
                .concatMap(session -> sessionEnd.ofConnection(session.userId(), session.connectionId())
                        .map(user -> {
                            Outcome outcome = PresenceOutcomes.pushToOthers(Outcome.of(), Methods.LOGOUT, user);
                            return PresenceOutcomes.event(outcome, PresenceEvent.Type.OFFLINE, user,
                                    gatewayId, session.connectionId());
                        }));
    }

    /** Sessions, to find the gateways that hold any. */
    public Flux<String> gatewaysHoldingSessions() {
        return sessions.gatewayIds();
    }
}
