package io.xuanxuan.standalone;

/** The delivery invariants with every service talking over Kafka instead of the in-process bus. */
class MessageDeliveryKafkaTest extends KafkaServerTest implements MessageDeliveryInvariants {
}
