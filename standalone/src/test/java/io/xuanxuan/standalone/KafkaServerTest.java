package io.xuanxuan.standalone;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The standalone server with every service talking over Kafka (an in-process KRaft broker) instead of the
 * in-process bus: the same code, the other adapter. One context for the Kafka test classes (the delivery
 * invariants and the big group), so the broker and the server start once; it carries the big group's
 * settings (accounts, no delivery budget, connections per address), which the other invariants do not notice.
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
                BigGroupDeliveryInvariant.ACCOUNTS_FILE,
                BigGroupDeliveryInvariant.NO_DELIVERY_BUDGET,
                BigGroupDeliveryInvariant.CONNECTIONS_PER_ADDRESS,
        })
@Import(SpringServerTest.Clocks.class)
abstract class KafkaServerTest extends SpringServerTest {
}
