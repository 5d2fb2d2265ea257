package io.xuanxuan.offline.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.MessageEvent;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.offline.api.OfflineCommandHandler;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The offline service's three subscriptions (group {@code offline}): stored messages to route, its own
 * per-user commands, and presence, whose OFFLINE event becomes a per-user command too, so it is
 * ordered with the rest of that user's queue work.
 */
public class OfflineConsumers extends BusConsumer {

    private static final String GROUP = ServiceName.OFFLINE.id();

    private final MessageBus bus;
    private final MessageRouter router;
    private final OfflineCommandHandler handler;

    public OfflineConsumers(MessageBus bus, MessageRouter router, OfflineCommandHandler handler) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.router = router;
        this.handler = handler;
    }

    Mono<Void> onPresence(PresenceEvent event) {
        if (event.type() != PresenceEvent.Type.OFFLINE || event.connectionId() == null) {
            return Mono.empty();
        }
        long userId = event.user().id();
        return bus.publish(Topics.commands(ServiceName.OFFLINE), String.valueOf(userId),
                OfflineCommand.offline(userId, event.connectionId()));
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(
                bus.subscribe(Topics.commands(ServiceName.OFFLINE), GROUP, OfflineCommand.class, handler::handle),
                bus.subscribe(Topics.EVENTS_MESSAGE, GROUP, MessageEvent.class, router::route),
                bus.subscribe(Topics.EVENTS_PRESENCE, GROUP, PresenceEvent.class, this::onPresence));
    }
}
