package io.xuanxuan.standalone;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** Notices of internal systems on the standalone server's in-process bus. */
class BroadcastProtocolTest extends StandaloneServerTest implements BroadcastProtocolSuite {

    @Autowired
    MessageBus bus;

    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private BusSubscription deadLetters;

    @BeforeEach
    void readDeadLetters() {
        deadLetters = bus.subscribe(Topics.deadLetter(Topics.BROADCAST), "test-" + System.nanoTime(),
                DeadLetter.class, letter -> Mono.fromRunnable(() -> reasons.add(letter.reason())));
    }

    @AfterEach
    void stopReading() {
        deadLetters.close();
    }

    @Override
    public void publishBroadcast(String json) {
        try {
            bus.publish(Topics.BROADCAST, "any", ProtocolJson.mapper().readTree(json)).block();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public List<String> broadcastDeadLetterReasons() {
        return List.copyOf(reasons);
    }
}
