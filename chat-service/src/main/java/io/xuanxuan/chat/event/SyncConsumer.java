package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.domain.LoginSync;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Answers the gateways' login sync requests ({@code xx.sync}, group {@code chat}) with the sync's
 * deliveries to the connection, keyed by user id like every delivery to one user. A request handled
 * twice (a retry, a rebalance) sends the messages twice; the gateway drops what the connection has.
 */
public class SyncConsumer extends BusConsumer {

    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final LoginSync sync;

    public SyncConsumer(MessageBus bus, LoginSync sync) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.publisher = new OutcomePublisher(bus);
        this.sync = sync;
    }

    Mono<Void> onRequest(SyncRequest request) {
        if (request.connectionId() == null || request.userId() <= 0) {
            return Mono.empty();
        }
        String key = String.valueOf(request.userId());
        // each page its own outcome, published before the next page is read (LoginSync keeps them in order)
        return sync.run(request, delivery -> publisher.publish(Outcome.of().delivery(key, delivery)));
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(bus.subscribe(Topics.SYNC, ServiceName.CHAT.id(), SyncRequest.class, this::onRequest));
    }
}
