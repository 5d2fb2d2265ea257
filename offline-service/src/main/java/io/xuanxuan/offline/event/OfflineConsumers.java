package io.xuanxuan.offline.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.offline.api.OfflineCommandHandler;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The offline service's two subscriptions (group {@code offline}): its own per-user commands, and
 * presence, whose OFFLINE event becomes a per-user command too, so it is ordered with the rest of that
 * user's queue work. Chat messages do not pass through here: chat-service delivers them live and at login
 * from its own table (sequence numbers and member cursors, DESIGN.md section 4); the queue is for the
 * other pushes.
 */
public class OfflineConsumers extends BusConsumer {

    private static final String GROUP = ServiceName.OFFLINE.id();

    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final OfflineCommandHandler handler;

    public OfflineConsumers(MessageBus bus, OutcomePublisher publisher, OfflineCommandHandler handler) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.publisher = publisher;
        this.handler = handler;
    }

    /** The bus handler of a presence event: a connection that went offline becomes that user's command. */
    public Mono<Void> onPresence(PresenceEvent event) {
        if (event.type() != PresenceEvent.Type.OFFLINE || event.connectionId() == null) {
            return Mono.empty();
        }
        long userId = event.user().id();
        return publisher.publish(Outcome.of().event(Topics.commands(ServiceName.OFFLINE), String.valueOf(userId),
                OfflineCommand.offline(userId, event.connectionId())));
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(
                bus.subscribe(Topics.commands(ServiceName.OFFLINE), GROUP, OfflineCommand.class, handler::handle),
                bus.subscribe(Topics.EVENTS_PRESENCE, GROUP, PresenceEvent.class, this::onPresence));
    }
}
