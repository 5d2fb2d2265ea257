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
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The offline service's three subscriptions (group {@code offline}): stored messages to route, its own
 * per-user commands, and presence, whose OFFLINE event becomes a per-user command too, so it is
 * ordered with the rest of that user's queue work.
 */
public class OfflineConsumers implements SmartLifecycle {

    private static final String GROUP = ServiceName.OFFLINE.id();

    private final MessageBus bus;
    private final MessageRouter router;
    private final OfflineCommandHandler handler;
    private final List<BusSubscription> subscriptions = new ArrayList<>();

    public OfflineConsumers(MessageBus bus, MessageRouter router, OfflineCommandHandler handler) {
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
    public synchronized void start() {
        subscriptions.add(bus.subscribe(Topics.commands(ServiceName.OFFLINE), GROUP, OfflineCommand.class,
                handler::handle));
        subscriptions.add(bus.subscribe(Topics.EVENTS_MESSAGE, GROUP, MessageEvent.class, router::route));
        subscriptions.add(bus.subscribe(Topics.EVENTS_PRESENCE, GROUP, PresenceEvent.class, this::onPresence));
    }

    @Override
    public synchronized void stop() {
        subscriptions.forEach(BusSubscription::close);
        subscriptions.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !subscriptions.isEmpty();
    }

    @Override
    public int getPhase() {
        return Phases.EVENT_CONSUMERS;
    }
}
