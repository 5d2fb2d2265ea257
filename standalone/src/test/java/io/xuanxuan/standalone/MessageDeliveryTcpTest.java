package io.xuanxuan.standalone;

/** The message delivery invariants against the standalone server, over the 1.0 client's TCP door. */
class MessageDeliveryTcpTest extends StandaloneTcpServerTest implements MessageDeliveryInvariants {
}
