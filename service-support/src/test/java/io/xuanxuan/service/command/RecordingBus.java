package io.xuanxuan.service.command;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A bus for tests of one service without its consumers: it records what is published, in publish order, and
 * delivers nothing (its subscriptions receive no record).
 */
public final class RecordingBus implements MessageBus {

    private final List<Outgoing> published = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        return Mono.fromRunnable(() -> published.add(new Outgoing(topic, key, record)));
    }

    @Override
    public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        return () -> { };
    }

    /** Everything published so far, with topic and key. */
    public List<Outgoing> published() {
        return List.copyOf(published);
    }

    /** The records published so far of one type. */
    public <T> List<T> records(Class<T> type) {
        return published.stream().map(Outgoing::record).filter(type::isInstance).map(type::cast).toList();
    }

    /** Forgets what was published so far (a test's next step starts from nothing). */
    public void clear() {
        published.clear();
    }

    /** How many records were published so far (to take what one step adds: {@code published().subList}). */
    public int count() {
        return published.size();
    }
}
