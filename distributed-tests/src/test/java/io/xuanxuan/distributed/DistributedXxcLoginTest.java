package io.xuanxuan.distributed;

import io.xuanxuan.standalone.XxcLoginProtocolSuite;

/** The 2.x login suite against the services running apart, clients on two gateways. */
class DistributedXxcLoginTest extends DistributedXxcClusterTest implements XxcLoginProtocolSuite {
}
