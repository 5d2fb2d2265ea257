package io.xuanxuan.presence;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** A bus that records what presence publishes, in publish order, and delivers nothing. */
public final class RecordingBus implements MessageBus {

    public final List<Object> published = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        return Mono.fromRunnable(() -> published.add(record));
    }

    @Override
    public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        return () -> { };
    }

    /** The {@code logout} pushes, as {@code account:status}. */
    public List<String> logoutPushes() {
        return published.stream().filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .filter(d -> d.packets() != null)
                .flatMap(d -> d.packets().stream())
                .filter(p -> Methods.LOGOUT.equals(p.method()))
                .map(p -> p.data().path("account").asText() + ":" + p.data().path("status").asText())
                .toList();
    }

    /** The accounts of the OFFLINE events. */
    public List<String> offlineEvents() {
        return published.stream().filter(PresenceEvent.class::isInstance).map(PresenceEvent.class::cast)
                .filter(e -> e.type() == PresenceEvent.Type.OFFLINE)
                .map(e -> e.user().account())
                .toList();
    }
}
