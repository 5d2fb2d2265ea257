package io.xuanxuan.bus.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.bus.BusContractTest;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.support.BusMetrics;
import io.xuanxuan.bus.support.RetryPolicy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The contract against a real (in-process, KRaft) broker, started once for the class. */
class KafkaBusContractTest extends BusContractTest {

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaBus bus;
    private static KafkaProducer<String, String> rawProducer;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 8);
        broker.afterPropertiesSet();
        bus = new KafkaBus(KafkaBusSettings.of(broker.getBrokersAsString()).withRetry(TEST_RETRY),
                BusMetrics.of(meters));
        rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (rawProducer != null) {
            rawProducer.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Override
    protected MessageBus bus() {
        return bus;
    }

    @Override
    protected MeterRegistry meters() {
        return meters;
    }

    @Override
    protected MessageBus newBus(RetryPolicy retry) {
        return new KafkaBus(KafkaBusSettings.of(broker.getBrokersAsString()).withRetry(retry), BusMetrics.of(meters));
    }

    // Straight to the broker: the bus itself would encode the text as a JSON string.
    @Override
    protected void publishUndecodable(MessageBus bus, String topic, String key, String text) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, text)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
