package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcDialectsProtocolSuite;

/** The 2.x dialects suite against the services running apart, clients on two gateways. */
class DistributedXxcDialectsTest extends DistributedXxcClusterTest implements XxcDialectsProtocolSuite {
}
