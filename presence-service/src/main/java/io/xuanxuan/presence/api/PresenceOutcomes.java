package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.service.command.Outcome;

/** The two things every presence change publishes: the push to the other online users, and the event. */
final class PresenceOutcomes {

    private PresenceOutcomes() {
    }

    /** A change the caller made: the push of {@code method} to the others, then the event. */
    static Outcome changed(Outcome outcome, String method, PresenceEvent.Type type, User user, Command command) {
        pushToOthers(outcome, method, user);
        return event(outcome, type, user, command.gatewayId(), command.connectionId());
    }

    static Outcome pushToOthers(Outcome outcome, String method, User user) {
        return outcome.delivery(key(user), Delivery.push(DeliveryTarget.allExcept(user.id()), PushPacket.of(method, user)));
    }

    static Outcome event(Outcome outcome, PresenceEvent.Type type, User user, String gatewayId, String connectionId) {
        return outcome.event(Topics.EVENTS_PRESENCE, key(user),
                PresenceEvent.of(type, user, gatewayId, connectionId));
    }

    static String key(User user) {
        return String.valueOf(user.id());
    }
}
