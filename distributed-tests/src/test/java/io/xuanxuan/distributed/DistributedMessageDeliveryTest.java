package io.xuanxuan.distributed;

import io.xuanxuan.standalone.MessageDeliveryInvariants;

/** The delivery invariants against the services running apart, sender and receiver on different gateways. */
class DistributedMessageDeliveryTest extends DistributedClusterTest implements MessageDeliveryInvariants {
}
