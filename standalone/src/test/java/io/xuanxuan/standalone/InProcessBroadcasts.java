package io.xuanxuan.standalone;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What {@link BroadcastProtocolSuite} needs of the standalone server, for each class that runs it (over WebSocket
 * and over TCP): notices published on the in-process bus as another system would, and the reasons of the dead
 * letters of {@code xx.broadcast}, read from the start of each test to its end. Registered as a field
 * ({@code @RegisterExtension}); the bus is the test's Spring context's.
 */
final class InProcessBroadcasts implements BeforeEachCallback, AfterEachCallback {

    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private MessageBus bus;
    private BusSubscription deadLetters;

    @Override
    public void beforeEach(ExtensionContext context) {
        bus = SpringExtension.getApplicationContext(context).getBean(MessageBus.class);
        reasons.clear();
        deadLetters = bus.subscribe(Topics.deadLetter(Topics.BROADCAST), "test-" + System.nanoTime(),
                DeadLetter.class, letter -> reactor.core.publisher.Mono.fromRunnable(() -> reasons.add(letter.reason())));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deadLetters.close();
    }

    /** Publishes the JSON text on {@code xx.broadcast}. */
    void publish(String json) {
        try {
            bus.publish(Topics.BROADCAST, "any", ProtocolJson.mapper().readTree(json)).block();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The reasons of the dead letters read since the test began. */
    List<String> deadLetterReasons() {
        return List.copyOf(reasons);
    }
}
