package io.xuanxuan.chat;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.service.command.Outgoing;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** A bus that records what is published, in order, and delivers nothing (consumers subscribe to nothing). */
public final class RecordingBus implements MessageBus {

    private final List<Outgoing> published = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        return Mono.fromRunnable(() -> published.add(new Outgoing(topic, key, record)));
    }

    @Override
    public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        return () -> {
        };
    }

    /** What was published since the last {@link #clear()}. */
    public List<Outgoing> published() {
        return List.copyOf(published);
    }

    public void clear() {
        published.clear();
    }
}
