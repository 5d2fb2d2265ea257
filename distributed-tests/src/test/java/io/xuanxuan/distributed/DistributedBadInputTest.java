package io.xuanxuan.distributed;

import io.xuanxuan.standalone.BadInputProtocolSuite;

/** The BadInput protocol suite against the services running apart, clients on two gateways. */
class DistributedBadInputTest extends DistributedClusterTest implements BadInputProtocolSuite {
}
