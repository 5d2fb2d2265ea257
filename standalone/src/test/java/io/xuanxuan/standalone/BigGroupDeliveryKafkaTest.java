package io.xuanxuan.standalone;

/** The thousand-member group's delivery invariant over Kafka (shares the Kafka test context). */
class BigGroupDeliveryKafkaTest extends KafkaServerTest implements BigGroupDeliveryInvariant {
}
