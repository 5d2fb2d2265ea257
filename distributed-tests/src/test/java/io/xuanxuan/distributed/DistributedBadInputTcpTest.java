package io.xuanxuan.distributed;

import io.xuanxuan.standalone.BadInputProtocolSuite;

/** The bad input protocol suite against the services running apart, over the gateways' TCP door (1.0 clients). */
class DistributedBadInputTcpTest extends DistributedTcpClusterTest implements BadInputProtocolSuite {
}
