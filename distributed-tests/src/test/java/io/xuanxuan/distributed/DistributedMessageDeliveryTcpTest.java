package io.xuanxuan.distributed;

import io.xuanxuan.standalone.MessageDeliveryInvariants;

/**
 * The delivery invariants against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedMessageDeliveryTcpTest extends DistributedTcpClusterTest implements MessageDeliveryInvariants {
}
