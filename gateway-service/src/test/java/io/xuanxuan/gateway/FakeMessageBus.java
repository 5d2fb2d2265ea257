package io.xuanxuan.gateway;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * An in-memory bus for the gateway's tests: records every published record (after a JSON round trip,
 * as a real bus would carry it) and lets a test push deliveries into the subscribed handlers.
 */
public class FakeMessageBus implements MessageBus {

    public record Published(String topic, String key, Object record) {
        public Command command() {
            return (Command) record;
        }
    }

    private record Subscription(String topic, String group, Class<?> type, RecordHandler<Object> handler) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public Mono<Void> publish(String topic, String key, Object record) {
        return Mono.defer(() -> {
            if (failing) {
                return Mono.error(new IllegalStateException("bus down (test)"));
            }
            Object carried = ProtocolJson.read(ProtocolJson.writeBytes(record), record.getClass());
            published.add(new Published(topic, key, carried));
            return Mono.empty();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
        Subscription subscription = new Subscription(topic, group, type, (RecordHandler<Object>) handler);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    public List<String> groups(String topic) {
        return subscriptions.stream().filter(s -> s.topic().equals(topic)).map(Subscription::group).toList();
    }

    /** Hands a delivery (after a JSON round trip) to every group subscribed to the deliveries topic. */
    public void deliver(Delivery delivery) {
        byte[] json = ProtocolJson.writeBytes(delivery);
        for (Subscription subscription : subscriptions) {
            if (subscription.topic().equals(Topics.DELIVERIES)) {
                subscription.handler().handle(ProtocolJson.read(json, Delivery.class)).block(Duration.ofSeconds(5));
            }
        }
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    public Optional<Published> find(Predicate<Published> predicate) {
        return published.stream().filter(predicate).findFirst();
    }

    /** Waits for a published record matching {@code predicate}. */
    public Published await(Predicate<Published> predicate, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(5))
                .alias("a matching record published")
                .until(() -> find(predicate), Optional::isPresent).get();
    }

    /** Commands published for a connection (requests and connection-closed). */
    public List<Published> commandsOf(String connectionId) {
        return published.stream()
                .filter(p -> p.record() instanceof Command command && connectionId.equals(command.connectionId()))
                .toList();
    }
}
