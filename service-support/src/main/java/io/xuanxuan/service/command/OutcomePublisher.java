package io.xuanxuan.service.command;

import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.Topics;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes an {@link Outcome}: the one path by which a handler's or a consumer's results reach the bus, so
 * that every producer in a service keeps the same order rules.
 *
 * <p>Two steps, each all at once (subscribed in list order, so records of one topic and key keep their order:
 * the bus hands them over in subscription order): first the deliveries, then, once they are accepted, the rest
 * (events, commands to other services). Records of different keys never had an order at their consumers, so
 * waiting for one acknowledgement after the other bought nothing; but what an event or a command makes another
 * service deliver must not overtake this outcome's own deliveries to the same user (login: the response and
 * {@code userGetlist} before the {@code getList} that chat pushes on the presence event), which the second step
 * keeps.
 */
public final class OutcomePublisher {

    private final MessageBus bus;

    public OutcomePublisher(MessageBus bus) {
        this.bus = bus;
    }

    /** Completes when the bus has accepted every record of the outcome (then the caller may commit its input). */
    public Mono<Void> publish(Outcome outcome) {
        List<Outgoing> records = outcome.records();
        List<Outgoing> deliveries = records.stream().filter(r -> Topics.DELIVERIES.equals(r.topic())).toList();
        List<Outgoing> others = records.stream().filter(r -> !Topics.DELIVERIES.equals(r.topic())).toList();
        return together(deliveries).then(Mono.defer(() -> together(others)));
    }

    private Mono<Void> together(List<Outgoing> records) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(records)
                .flatMap(r -> bus.publish(r.topic(), r.key(), r.record()), records.size())
                .then();
    }
}
