package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Flux;

/**
 * A gateway is gone (it stopped, or died without closing its connections): the other users get the
 * {@code logout} push of each of its users who went offline ({@link Sessions} decides who), as at a logout.
 */
public class GatewayGoneHandler {

    private final Sessions sessions;

    public GatewayGoneHandler(Sessions sessions) {
        this.sessions = sessions;
    }

    /** One outcome per user who went offline, to publish in order. */
    public Flux<Outcome> gatewayGone(String gatewayId) {
        return sessions.gatewayGone(gatewayId)
                .map(ended -> {
                    Outcome outcome = PresenceOutcomes.pushToOthers(Outcome.of(), Methods.LOGOUT, ended.user());
                    return PresenceOutcomes.event(outcome, PresenceEvent.Type.OFFLINE, ended.user(),
                            gatewayId, ended.session().connectionId());
                });
    }

    /** The gateways that hold any session, each expected to announce itself. */
    public Flux<String> gatewaysHoldingSessions() {
        return sessions.gatewaysHoldingSessions();
    }
}
