package io.xuanxuan.standalone;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The delivery invariants with every service talking over Kafka (an in-process KRaft broker) instead
 * of the in-process bus: the same code, the other adapter.
 */
@EmbeddedKafka(partitions = 4)
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.bus.type=kafka",
                "xuanxuan.bus.partitions=4",
                "xuanxuan.bus.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "xuanxuan.h2.url=mem:kafka-tests;DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "xuanxuan.presence.bcrypt-strength=6",
                "xuanxuan.gateway.requests-per-second=2000",
                "xuanxuan.gateway.burst=2000",
        })
@Import(SpringServerTest.Clocks.class)
class MessageDeliveryKafkaTest extends SpringServerTest implements MessageDeliveryInvariants {
}
